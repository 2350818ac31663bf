/// <reference types="node" />
// End-to-end tests: the built worker as real processes against a real redis-server.
module.exports = {
  displayName: 'worker-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: 'node',
};
