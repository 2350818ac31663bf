import type { FrameRequest } from '../preprocessing/frame-tensor';

/** What the inference threads and the main thread say to each other. */
export interface ThreadSettings {
  modelDir: string;
  intraOpThreads: number;
}

/** What the decode thread, started from the same script, is told at start. */
export interface DecodeThreadSettings {
  role: 'decode';
}

export type ToDecodeThread = { type: 'decode'; id: number; request: FrameRequest };

export type FromDecodeThread =
  | { type: 'ready' }
  | { type: 'tensor'; id: number; tensor: Float32Array }
  | { type: 'error'; id: number; message: string; undecodable: boolean };

export type ToThread = {
  type: 'run';
  id: number;
  modelId: string;
  /** The batch's input in parts laid end to end (one per image, or the whole batch in one). */
  parts: Float32Array[];
  dims: number[];
};

export type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string; operatorError: boolean }
  | { type: 'result'; id: number; output: Float32Array }
  | { type: 'error'; id: number; message: string };
