/// <reference types="node" />
// End-to-end tests: the built CLI, exactly as `npm run evaluate` runs it.
module.exports = {
  displayName: 'evaluate-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: 'node',
};
