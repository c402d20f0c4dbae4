/** @type {import('jest').Config} */
module.exports = {
  displayName: 'server',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    // fastify's inject() pulls in `cookie`, which ships ESM only; jest on Node 20 cannot require ESM.
    '/node_modules/cookie/.+\\.js$': [
      'babel-jest',
      { plugins: ['@babel/plugin-transform-modules-commonjs'], babelrc: false, configFile: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  // The per-test budget comes from test-support's timeout policy (a project's testTimeout is ignored under the
  // root multi-project config).
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.ts'],
}
