/// <reference types="node" />
// End-to-end tests: the built launcher, exactly as `npm start` runs it.
module.exports = {
  displayName: 'launcher-e2e',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
