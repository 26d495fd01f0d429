// The admin portal's build (after build.mjs compiled the gateway to dist/):
//  1. the gateway's OpenAPI document, emitted without a database or NATS (Nest preview mode),
//     written to apps/admin-portal/src/api/openapi.json;
//  2. its TypeScript types (openapi-typescript) in apps/admin-portal/src/api/openapi.d.ts;
//  3. when the document changed, a type check of the portal, so that a route the portal calls and
//     the gateway no longer has fails the build (an unchanged document was already checked by the
//     `typecheck` target);
//  4. the Vite bundle in dist/apps/admin-portal, which the gateway serves.
// Both generated files are committed: the typecheck target and editors need them without a build,
// and a diff in them shows an API change in review.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

function read(file) {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export async function buildPortal(root) {
  const started = Date.now();
  const api = path.join(root, 'apps/admin-portal/src/api');
  const jsonFile = path.join(api, 'openapi.json');
  const typesFile = path.join(api, 'openapi.d.ts');
  const before = read(typesFile);
  const bin = (name) => path.join(root, 'node_modules/.bin', name);
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  run(process.execPath, [path.join(root, 'dist/apps/gateway/src/openapi/emit-openapi.js'), jsonFile]);
  run(bin('openapi-typescript'), [jsonFile, '-o', typesFile]);
  if (read(typesFile) !== before) {
    console.log('build: the gateway API changed; type-checking the admin portal against it');
    try {
      execFileSync(bin('tsc'), ['-p', 'apps/admin-portal/tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });
    } catch {
      throw new Error('build: the admin portal no longer matches the gateway API (see the tsc errors above)');
    }
  }
  run(bin('vite'), ['build', '--config', 'apps/admin-portal/vite.config.mjs', '--logLevel', 'warn']);
  console.log(`build: admin portal → dist/apps/admin-portal in ${Date.now() - started} ms`);
}
