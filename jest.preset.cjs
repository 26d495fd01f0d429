// Shared jest settings. Every project's jest.config.cjs spreads this.
// @swc/jest compiles TS with legacy decorators + metadata (Nest/MikroORM need it);
// type checking happens in the `typecheck` target, not here.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@mi/platform/otel$': path.join(__dirname, 'libs/platform/src/otel/register.ts'),
    '^@mi/(domain|contracts|rules|platform|testing)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
  reporters: ['default', path.join(__dirname, 'tools/dev/jest-summary-reporter.cjs')],
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
};
