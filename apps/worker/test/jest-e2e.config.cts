/// <reference types="node" />
// End-to-end tests: the built worker as real processes against a real redis-server.
module.exports = {
  displayName: 'worker-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  // The in-process comparison runs ONNX Runtime in the test itself.
  testEnvironment: '<rootDir>/../../../libs/testing/jest/onnxruntime-environment.cjs',
};
