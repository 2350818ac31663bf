// What every end-to-end suite shares: the `*.e2e-spec.ts` files of its `test/` folder, compiled with
// that folder's tsconfig, and a timeout that fits starting real processes.
const base = require('./jest.preset.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
