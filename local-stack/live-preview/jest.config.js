/** @type {import('jest').Config} */
module.exports = {
  displayName: 'live-preview',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // Set here too: the root multi-project run ignores a project's testTimeout.
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 240000,
}
