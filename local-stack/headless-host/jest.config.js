/** @type {import('jest').Config} */
module.exports = {
  displayName: 'headless-host',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
  },
  // Each test file drives a host child process; the automator client's route changes sleep 3 s each.
  testTimeout: 60000,
}
