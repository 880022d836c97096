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
      files: ['tests/**/*.{ts,tsx}'],
      env: { jest: true },
    },
  ],
  ignorePatterns: ['dist/', 'node_modules/', '.temp/', 'test-results/'],
}
