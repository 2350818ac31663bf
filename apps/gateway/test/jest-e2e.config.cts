/// <reference types="node" />
// End-to-end tests: the built gateway and worker as real processes against a real redis-server.
module.exports = {
  displayName: 'gateway-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/../../../libs/testing/jest/onnxruntime-environment.cjs',
};
