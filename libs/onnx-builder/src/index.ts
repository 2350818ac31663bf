export * from './lib/attributes';
export * from './lib/onnx-graph-builder';
