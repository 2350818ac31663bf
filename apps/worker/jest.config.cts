/// <reference types="node" />
module.exports = {
  displayName: 'worker',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // @nestjs/bullmq and its shared helpers ship as ES modules only: compile them like the sources.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs/bullmq|@nestjs/bull-shared)/)'],
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/apps/worker',
};
