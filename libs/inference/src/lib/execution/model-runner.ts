import { Tensor } from 'onnxruntime-node';
import type { LoadedModel } from '../models/load-models';

/** Runs a batch input tensor through a model and returns its output rows, one per image. */
export interface ModelRunner {
  /** Batches that can run at the same time (one per inference thread). */
  readonly parallel: number;
  run(modelId: string, batch: Float32Array, dims: number[]): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Runs a loaded session and copies its output out of ONNX Runtime's memory. */
export async function runSession(
  model: LoadedModel,
  batch: Float32Array,
  dims: number[],
): Promise<Float32Array> {
  const { input, output } = model.manifest;
  const outputs = await model.session.run({ [input.name]: new Tensor('float32', batch, dims) });
  return Float32Array.from(outputs[output.name].data as Float32Array);
}

/**
 * Sessions on the calling thread. ONNX Runtime's `run()` computes on that thread, so this is for
 * tools and tests; the worker app uses {@link InferenceThreads}.
 */
export class InProcessRunner implements ModelRunner {
  readonly parallel = 1;

  constructor(private readonly models: ReadonlyMap<string, LoadedModel>) {}

  run(modelId: string, batch: Float32Array, dims: number[]): Promise<Float32Array> {
    const model = this.models.get(modelId);
    if (!model) return Promise.reject(new Error(`model ${modelId} is not loaded`));
    return runSession(model, batch, dims);
  }

  async close(): Promise<void> {
    await Promise.all([...this.models.values()].map(({ session }) => session.release()));
  }
}
