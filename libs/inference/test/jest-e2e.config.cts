/// <reference types="node" />
// Tests on the real converted models in var/models (`npm run models` writes them).
module.exports = {
  displayName: 'inference-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/../../testing/jest/onnxruntime-environment.cjs',
  // The reference is nsfwjs itself on TensorFlow.js (WebAssembly): slow on two cores.
  testTimeout: 600_000,
};
