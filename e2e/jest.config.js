/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/scenarios'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  // Builds the mini-program once for the whole run; each spec file starts its own stack and phones.
  globalSetup: '<rootDir>/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/support/jest-setup.ts'],
}
