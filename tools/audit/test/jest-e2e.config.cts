/// <reference types="node" />
// End-to-end tests: the built CLI, exactly as `npm run audit:verify` runs it.
module.exports = {
  displayName: 'audit-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: 'node',
};
