/// <reference types="node" />
// End-to-end tests: the built launcher, exactly as `npm start` runs it.
module.exports = {
  displayName: 'launcher-e2e',
  preset: '../../../jest.e2e-preset.js',
  rootDir: '.',
  testEnvironment: 'node',
};
