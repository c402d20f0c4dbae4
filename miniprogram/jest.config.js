/* global module, __dirname */
// Core specs (stores, IM singleton against the real SDK + local IM) and the UI engineer's
// miniprogram-simulate specs both live under miniprogram/ and run in this one project.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'miniprogram',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.test.json',
        // Type errors in the mini-program's own files fail the run; the server, local stack, scripts and test
        // support are type-checked by their own projects under their own (Node16) settings.
        diagnostics: {
          exclude: ['**/server/**', '**/local-stack/**', '**/scripts/**', '**/test-support/**'],
        },
      },
    ],
  },
  setupFiles: ['<rootDir>/__tests__/jest-setup.ts'],
  // The per-test budget comes from test-support's timeout policy (__tests__/jest-after-env.ts).
  setupFilesAfterEnv: ['<rootDir>/__tests__/jest-after-env.ts'],
}
