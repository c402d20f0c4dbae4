/** @type {import('jest').Config} */
module.exports = {
  displayName: 'live-preview',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // The per-test budget comes from test-support's timeout policy (test/setup.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
}
