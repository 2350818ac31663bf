/** What the inference threads and the main thread say to each other. */
export interface ThreadSettings {
  modelDir: string;
  intraOpThreads: number;
}

export type ToThread = {
  type: 'run';
  id: number;
  modelId: string;
  batch: Float32Array;
  dims: number[];
};

export type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string; operatorError: boolean }
  | { type: 'result'; id: number; output: Float32Array }
  | { type: 'error'; id: number; message: string };
