// Flat config: recommended JS + typescript-eslint rules, Prettier owns formatting.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/miniprogram_npm/**',
      '**/build/**',
      '**/dist/**',
      '**/coverage/**',
      '**/fixtures/**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        Behavior: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
  },
  {
    files: ['**/*.{js,cjs,mjs,ts}'],
    ignores: ['miniprogram/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Plain CommonJS config files (jest.config.js and friends).
    files: ['**/*.{js,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // Workspaces reach each other by package name (`@tim-c2c/local-im`, `@tim-c2c/server`, `@tim-c2c/headless-host`,
    // `@tim-c2c/test-support` and the subpaths their package.json exports), never by a relative path that leaves
    // the package a file belongs to.
    files: ['**/*.{js,cjs,mjs,ts}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-relative-packages': ['error', { commonjs: true }],
    },
  },
  {
    // The headless host's one door to the untyped component framework (exparser through j-component).
    files: ['local-stack/headless-host/src/framework.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The headless host's spine: no import circles, and no arrow from an outer part to the composition root
    // (core/runtime.ts, index.ts) or from a part to one outside it (see its README's map).
    files: ['local-stack/headless-host/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['local-stack/headless-host/src/core/**/*.ts'],
    ignores: ['local-stack/headless-host/src/core/runtime.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../wx',
                '../wx/*',
                '../builtins',
                '../builtins/*',
                '../automator/*',
                '../render/*',
                './runtime',
              ],
              message:
                'core parts do not reach out to wx, builtins, automator or render (only core/runtime.ts composes them)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['local-stack/headless-host/src/{wx,builtins}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../core/runtime',
                '../automator/*',
                '../render/*',
                '../index',
                '../wx',
                '../wx/*',
                '../builtins',
                '../builtins/*',
              ],
              message:
                'wx and builtins depend on core parts and their own narrow host interface only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['local-stack/headless-host/src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../core/runtime',
                '../automator/*',
                '../wx',
                '../wx/*',
                '../builtins',
                '../builtins/*',
                '../index',
              ],
              message: 'render depends on core parts and its RenderHost interface only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['local-stack/headless-host/src/automator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../core/runtime', '../render/*', '../builtins', '../builtins/*', '../index'],
              message:
                'automator depends on core parts and its AutomatorHost / Pictures interfaces only',
            },
          ],
        },
      ],
    },
  },
  prettier,
)
