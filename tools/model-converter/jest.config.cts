/// <reference types="node" />
module.exports = {
  displayName: 'model-converter',
  preset: '../../jest.preset.js',
  // Shares Node's typed arrays with the test realm, which onnxruntime-node's outputs need.
  testEnvironment: '<rootDir>/../../libs/testing/jest/onnxruntime-environment.cjs',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/tools/model-converter',
  // Converting and running both real models takes a while on two cores.
  testTimeout: 120_000,
};
