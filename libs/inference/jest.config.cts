/// <reference types="node" />
module.exports = {
  displayName: 'inference',
  preset: '../../jest.preset.js',
  testEnvironment: '<rootDir>/../../libs/testing/jest/onnxruntime-environment.cjs',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/inference',
};
