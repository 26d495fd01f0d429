// Lint: typescript-eslint + Nx module boundaries. The tags (project.json) encode the dependency
// direction of ARCHITECTURE.md: apps → platform, contracts, rules, domain; platform → contracts,
// domain; rules → domain; contracts → domain; testing → platform, contracts, domain; domain → none.
// No app may import another app (scope tags). No wildcard constraints.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.nx/**', 'tmp/**', '**/*.cjs', '**/*.mjs', 'apps/admin-portal/src/api/openapi.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:rules', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:rules'] },
            { sourceTag: 'type:rules', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:platform', 'type:contracts', 'type:rules', 'type:domain'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:testing', 'type:platform', 'type:contracts', 'type:domain', 'type:rules'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:agreement-service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:claims-review-service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:monitoring-kb-service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:fund-pooling-service', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:credit-service', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The portal runs in the browser: types of @mi/contracts and @mi/domain only (see below), never the platform.
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // @mi/domain is framework-free: no Nest, no ORM, no I/O, no environment.
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', '@mikro-orm/*', 'pg', '@nats-io/*', 'node:fs', 'fs', 'node:net', 'node:http', 'class-validator', 'class-transformer'],
              message: '@mi/domain is pure TypeScript (STYLE.md 3).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Config is read only by @mi/platform loadConfig.' },
        { object: 'Date', property: 'now', message: 'Pass a Clock; domain code never reads the system time.' },
      ],
    },
  },
  {
    // The admin portal talks to the gateway over HTTP only; from the libs it takes types (erased
    // from the bundle), so no server code or Node module reaches the browser.
    files: ['apps/admin-portal/src/**/*.ts', 'apps/admin-portal/src/**/*.tsx'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@mi/contracts', allowTypeImports: true, message: 'Import only types from @mi/contracts in the portal.' },
            { name: '@mi/domain', allowTypeImports: true, message: 'Import only types from @mi/domain in the portal.' },
          ],
          patterns: [{ group: ['@mi/platform', '@mi/platform/*', '@mi/testing', '@mi/rules', 'node:*'], message: 'The portal runs in the browser.' }],
        },
      ],
    },
  },
];
