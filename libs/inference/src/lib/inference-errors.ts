/** Base of the errors the inference library raises on purpose. */
export abstract class InferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No model is loaded, so nothing can be classified: an operator has to supply one. */
export class NoModelLoadedError extends InferenceError {
  constructor(modelDir: string) {
    super(`no model is loaded from ${modelDir}`);
  }
}
