import { Tensor } from 'onnxruntime-node';
import type { LoadedModel } from '../models/load-models';

/** Runs a batch input tensor through a model and returns its output rows, one per image. */
export interface ModelRunner {
  /** Batches that can run at the same time (one per inference thread). */
  readonly parallel: number;
  /**
   * Runs the batch whose input is `parts` laid end to end. The parts are handed over: their
   * memory may be transferred to another thread, so the caller does not read them again.
   */
  run(modelId: string, parts: Float32Array[], dims: number[]): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Runs a loaded session and copies its output out of ONNX Runtime's memory. */
export async function runSession(
  model: LoadedModel,
  parts: Float32Array[],
  dims: number[],
): Promise<Float32Array> {
  const { input, output } = model.manifest;
  const batch = new Tensor('float32', parts.length === 1 ? parts[0] : laidEndToEnd(parts), dims);
  const outputs = await model.session.run({ [input.name]: batch });
  return Float32Array.from(outputs[output.name].data as Float32Array);
}

/** A new array holding the parts one after another. */
export function laidEndToEnd(parts: readonly Float32Array[]): Float32Array {
  const batch = new Float32Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    batch.set(part, offset);
    offset += part.length;
  }
  return batch;
}

/**
 * Sessions on the calling thread. ONNX Runtime's `run()` computes on that thread, so this is for
 * tools and tests; the worker app uses {@link InferenceThreads}.
 */
export class InProcessRunner implements ModelRunner {
  readonly parallel = 1;

  constructor(private readonly models: ReadonlyMap<string, LoadedModel>) {}

  run(modelId: string, parts: Float32Array[], dims: number[]): Promise<Float32Array> {
    const model = this.models.get(modelId);
    if (!model) return Promise.reject(new Error(`model ${modelId} is not loaded`));
    return runSession(model, parts, dims);
  }

  async close(): Promise<void> {
    await Promise.all([...this.models.values()].map(({ session }) => session.release()));
  }
}
