/// <reference types="node" />
// Tests on the real converted models in var/models (`npm run models` writes them).
module.exports = {
  displayName: 'inference-e2e',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/../../testing/jest/onnxruntime-environment.cjs',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 600_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
