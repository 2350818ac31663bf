/// <reference types="node" />
// End-to-end tests: the built gateway and worker as real processes against a real redis-server.
module.exports = {
  displayName: 'gateway-e2e',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/../../../libs/testing/jest/onnxruntime-environment.cjs',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
