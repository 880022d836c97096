// Kinds of tests, run as jest projects: `jest --selectProjects unit|api|weapp|e2e|deploy`.
const path = require('path')
const defineTaroJestConfig = require('@tarojs/test-utils-react/dist/jest.js').default

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }]
const taroTransformer = path.join(__dirname, 'node_modules/@tarojs/test-utils-react/dist/jest/babel-transformer.js')
const taroSetup = path.join(__dirname, 'node_modules/@tarojs/test-utils-react/dist/jest/jest.setup.js')

// ESM-only packages that Taro's H5 runtime pulls in: jest must transform them.
const esmPackages = [
  '@tarojs',
  '@stencil',
  'lodash-es',
  'query-string',
  'decode-uri-component',
  'split-on-first',
  'filter-obj',
  'swiper',
  'ssr-window',
  'dom7',
  'universal-router',
  'path-to-regexp',
  'history',
  'mobile-detect',
  '\\.pnpm',
  'style-inject',
]

const { bail, verbose, ...unitBase } = defineTaroJestConfig({
  displayName: 'unit',
  rootDir: __dirname,
  roots: ['<rootDir>/tests/unit'],
  testMatch: ['<rootDir>/tests/unit/**/*.test.{ts,tsx}'],
  setupFiles: [taroSetup, '<rootDir>/tests/unit/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/unit/jest-hooks.ts'],
  transform: { '^.+\\.(mjs|js|jsx|ts|tsx)$': taroTransformer },
  // A file is left untransformed only when no ESM-only package appears anywhere in its path.
  transformIgnorePatterns: [`^(?!.*/node_modules/(?:${esmPackages.join('|')})/).*/node_modules/`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json', 'jsx'],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '\\.(css|scss)$': '<rootDir>/tests/unit/style-stub.js',
  },
})
const unit = unitBase

module.exports = {
  projects: [
    unit,
    {
      displayName: 'api',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/api'],
      // cookie (used by app.inject), content-disposition (by @fastify/static) and file-type with its readers (by
      // the newsroom's uploads) are ES modules required from CommonJS, which Node 20.19+ allows and jest's module
      // runtime does not: transform them. file-type's exports have no `require` condition: named by its file.
      transform: { '^.+\\.(ts|js)$': swc },
      transformIgnorePatterns: [
        '^(?!.*/node_modules/(?:cookie|content-disposition|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/).*/node_modules/',
      ],
      moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
    },
    {
      displayName: 'weapp',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/weapp'],
      transform: { '^.+\\.ts$': swc },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/e2e'],
      transform: { '^.+\\.ts$': swc },
      globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/tests/e2e/global-teardown.ts',
    },
    {
      // Debian's nginx with the rendered deploy template in front of a real API (needs dist/h5: npm run test:deploy)
      displayName: 'deploy',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/deploy'],
      transform: { '^.+\\.ts$': swc },
    },
  ],
}
