// Component and unit tests run in jsdom; the Playwright e2e (test/*.e2e-spec.ts) is the platform-e2e project's.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'admin-portal',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2023' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.cjs'],
};
