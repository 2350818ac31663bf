export * from './lib/inference.module';
export * from './lib/inference.service';
export * from './lib/inference-errors';
