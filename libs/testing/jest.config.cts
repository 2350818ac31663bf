/// <reference types="node" />
module.exports = {
  displayName: 'testing',
  preset: '../../jest.preset.js',
  // Shares Node's typed arrays with the test realm, which onnxruntime-node's outputs need.
  testEnvironment: '<rootDir>/jest/onnxruntime-environment.cjs',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/testing',
};
