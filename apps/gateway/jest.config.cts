/// <reference types="node" />
module.exports = {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  roots: ['<rootDir>/src'],
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/apps/gateway',
};
