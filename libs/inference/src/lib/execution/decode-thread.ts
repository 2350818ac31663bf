import { Worker } from 'node:worker_threads';
import { UndecodableImageError } from '../inference-errors';
import type { FrameRequest } from '../preprocessing/frame-tensor';
import type { DecodeThreadSettings, FromDecodeThread, ToDecodeThread } from './thread-messages';

interface Pending {
  resolve: (tensor: Float32Array) => void;
  reject: (error: Error) => void;
}

/**
 * Decoding on a thread of its own. A decoded photo is megabytes of memory outside the JS heap for
 * a moment; allocated on the main thread, it makes V8 run a full collection of the main heap every
 * few photos (a review photo took 20.4 ms of CPU to decode beside a worker-sized heap, 17.0–17.5
 * on a thread: docs/benchmarks.md). The decode thread's heap is small, so its collections cost
 * little, and the main thread keeps only the small tensor. An upload given by its path is read by
 * libvips on the thread; one given as bytes is copied to it. The tensor comes back transferred.
 */
export class DecodeThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private alive = true;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromDecodeThread) => {
      if (message.type === 'ready') return;
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'tensor') pending?.resolve(message.tensor);
      else {
        pending?.reject(
          message.undecodable
            ? new UndecodableImageError(message.message)
            : new Error(`decoding failed: ${message.message}`),
        );
      }
    });
    // An uncaught exception ends the thread, not the process: it is reported as the exit's cause.
    let cause = '';
    worker.on('error', (error) => (cause = `: ${error.message}`));
    // Frames in flight fail with the thread (their jobs are retried); later ones decode on the
    // calling thread, see `running`.
    worker.on('exit', (code) => {
      this.alive = false;
      const error = new Error(`the decode thread exited (code ${code})${cause}`);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    });
  }

  /** Starts the thread from the built thread script and waits until it is ready. */
  static start(script: string): Promise<DecodeThread> {
    const settings: DecodeThreadSettings = { role: 'decode' };
    const worker = new Worker(script, { workerData: settings });
    const thread = new DecodeThread(worker);
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve(thread));
      worker.once('exit', (code) => reject(new Error(`the decode thread exited (code ${code})`)));
    });
  }

  get running(): boolean {
    return this.alive;
  }

  decode(request: FrameRequest): Promise<Float32Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: ToDecodeThread = { type: 'decode', id, request };
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
