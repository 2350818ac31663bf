export * from './lib/inference.module';
export * from './lib/inference.service';
export * from './lib/inference-errors';
export * from './lib/classification/scores';
export * from './lib/classification/worst-frame';
export * from './lib/preprocessing/frame-selection';
export * from './lib/preprocessing/decode-image';
export * from './lib/preprocessing/bilinear-align-corners';
export type { BatchingOptions } from './lib/execution/batcher';
