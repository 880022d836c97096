// ESLint 8 with Taro's React rules, the react-hooks rules, and one boundary: the app (src/, outside
// src/model) imports only types from the model's schema files, so no validator ships to phones.
module.exports = {
  root: true,
  extends: ['taro/react'],
  plugins: ['react-hooks'],
  env: { node: true, es2022: true },
  rules: {
    'react/jsx-uses-react': 'off',
    'react/react-in-jsx-scope': 'off',
    'react-hooks/rules-of-hooks': 'error',
    'react-hooks/exhaustive-deps': 'error',
    'import/no-commonjs': 'off',
    'import/first': 'off',
  },
  overrides: [
    {
      files: ['src/**/*.{ts,tsx}'],
      excludedFiles: ['src/model/**'],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: ['@/model/*', '!@/model/labels', '!@/model/blocks', '!@/model/api'],
                allowTypeImports: true,
                message: 'The app imports only types from the model (values only from @/model/labels).',
              },
              { group: ['@sinclair/*', 'fastify', 'node:*'], message: 'Server-side packages do not ship to phones.' },
            ],
          },
        ],
      },
    },
    {
      // The staff dashboard (staff/) is a plain React app for browsers, not a Taro page: HTML elements are right there
      files: ['staff/**/*.{ts,tsx,mts}'],
      env: { browser: true },
      rules: { 'react/forbid-elements': 'off' },
    },
    {
      files: ['staff/**/*.mts'],
      parser: '@typescript-eslint/parser',
    },
    {
      files: ['tests/**/*.{ts,tsx}'],
      env: { jest: true },
      // A committed .only (or fit / fdescribe) would quietly run one test and skip the rest in CI.
      rules: {
        'no-restricted-properties': [
          'error',
          ...['describe', 'it', 'test'].map((object) => ({
            object,
            property: 'only',
            message: 'A focused test skips every other one: remove .only before committing.',
          })),
        ],
        'no-restricted-globals': [
          // Taro's list (window globals easy to use by mistake), and the focused forms of describe / it
          ...require('eslint-config-taro/rules/variables').rules['no-restricted-globals'],
          ...['fdescribe', 'fit'].map((name) => ({
            name,
            message: 'A focused test skips every other one: use describe / it.',
          })),
        ],
      },
    },
  ],
  ignorePatterns: ['dist/', 'node_modules/', '.temp/', 'test-results/'],
}
