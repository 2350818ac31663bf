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
    super(
      `no model manifest (*.json) in ${modelDir}: run \`npm run models\` to convert the default models`,
    );
  }
}

/** A model's files are missing, damaged or disagree with its manifest: the worker refuses to start. */
export class ModelLoadError extends InferenceError {}

/** The caller asked for a model that is not loaded. */
export class UnknownModelError extends InferenceError {
  constructor(
    readonly requested: string,
    readonly available: readonly string[],
  ) {
    super(`unknown model "${requested}"; loaded: ${available.join(', ')}`);
  }
}

/** The bytes are not an image sharp can decode (or not an image at all). */
export class UndecodableImageError extends InferenceError {}

/**
 * The image declares more pixels than allowed: a decompression bomb or an absurd photo, or an
 * animation whose frames to classify hold that many together.
 */
export class ImageTooLargeError extends InferenceError {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly limit: number,
    /** Frames that would have been decoded. */
    readonly frames = 1,
  ) {
    super(
      frames > 1
        ? `${frames} frames of ${width}×${height} pixels would be decoded, more than the limit of ${limit.toLocaleString('en')} pixels`
        : `image is ${width}×${height} pixels, more than the limit of ${limit.toLocaleString('en')} pixels`,
    );
  }
}
