import { Worker } from 'node:worker_threads';
import { ModelLoadError } from '../inference-errors';
import type { ModelRunner } from './model-runner';
import type { FromThread, ThreadSettings, ToThread } from './thread-messages';

interface Pending {
  resolve: (output: Float32Array) => void;
  reject: (error: Error) => void;
}

interface InferenceThread {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
}

/**
 * Inference on worker threads, each with its own sessions: batches go to the least busy thread
 * with their memory transferred, not copied, and the main thread's event loop stays free for
 * BullMQ's lock renewals and Redis. A batch goes as its images' tensors, which the thread lays
 * end to end: the main thread allocates no batch, and keeps no tensor once it is handed over.
 * Tensors left for its garbage collector counted against V8's heap limit and made the worker's
 * main thread run a full collection about every 0.6 s under load (docs/benchmarks.md).
 */
export class InferenceThreads implements ModelRunner {
  private nextId = 0;

  private constructor(private readonly threads: InferenceThread[]) {}

  get parallel(): number {
    return this.threads.length;
  }

  /** Starts `count` threads from the built thread script and waits until each has loaded the models. */
  static async start(
    count: number,
    script: string,
    settings: ThreadSettings,
  ): Promise<InferenceThreads> {
    const threads = await Promise.all(
      Array.from({ length: count }, () => startThread(script, settings)),
    );
    return new InferenceThreads(threads);
  }

  run(modelId: string, parts: Float32Array[], dims: number[]): Promise<Float32Array> {
    const alive = this.threads.filter((t) => t.alive);
    if (alive.length === 0) return Promise.reject(new Error('no inference thread is running'));
    const thread = alive.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const owned = parts.map(ownBuffer);
      const message: ToThread = { type: 'run', id, modelId, parts: owned, dims };
      thread.worker.postMessage(
        message,
        owned.map((part) => part.buffer as ArrayBuffer),
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}

/**
 * A part that is all of its buffer, as every decoded tensor is, goes as it is; a view into a
 * larger buffer is copied first, so only its own bytes are transferred.
 */
function ownBuffer(part: Float32Array): Float32Array {
  return part.byteOffset === 0 && part.byteLength === part.buffer.byteLength ? part : part.slice();
}

function startThread(script: string, settings: ThreadSettings): Promise<InferenceThread> {
  const worker = new Worker(script, { workerData: settings });
  const thread: InferenceThread = { worker, pending: new Map(), alive: true };
  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'ready':
          resolve(thread);
          break;
        case 'failed':
          void worker.terminate();
          reject(
            message.operatorError
              ? new ModelLoadError(message.message)
              : new Error(`an inference thread failed to start: ${message.message}`),
          );
          break;
        case 'result':
          thread.pending.get(message.id)?.resolve(message.output);
          thread.pending.delete(message.id);
          break;
        case 'error':
          thread.pending.get(message.id)?.reject(new Error(message.message));
          thread.pending.delete(message.id);
          break;
      }
    });
    // An uncaught exception ends the thread, not the process: it is reported as the exit's cause.
    let cause = '';
    worker.on('error', (error) => (cause = `: ${error.message}`));
    // A thread that dies takes its batches with it: they fail (and their jobs are retried).
    worker.on('exit', (code) => {
      thread.alive = false;
      const error = new Error(`an inference thread exited (code ${code})${cause}`);
      reject(error);
      for (const pending of thread.pending.values()) pending.reject(error);
      thread.pending.clear();
    });
  });
}
