// Compiles apps/*/src, libs/*/src and tools/*/src to dist/ (CommonJS, legacy decorators + metadata) with SWC,
// rewriting the @mi/* path aliases to relative paths so `node dist/apps/<app>/src/main.js` runs
// without a loader. Type checking is the `typecheck` target's job, not this one's. Then the admin
// portal (build-portal.mjs): OpenAPI types from the compiled gateway, and its Vite bundle.
import { transformFile } from '@swc/core';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPortal } from './build-portal.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist');
const aliases = {
  '@mi/domain': 'libs/domain/src/index.ts',
  '@mi/contracts': 'libs/contracts/src/index.ts',
  '@mi/rules': 'libs/rules/src/index.ts',
  '@mi/platform/otel': 'libs/platform/src/otel/register.ts',
  '@mi/platform': 'libs/platform/src/index.ts',
  '@mi/testing': 'libs/testing/src/index.ts',
};

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

function rewrite(code, fileOut) {
  return code.replace(/require\("(@mi\/[a-z]+(?:\/otel)?)"\)/g, (m, spec) => {
    const target = aliases[spec];
    if (!target) return m;
    const abs = path.join(out, target.replace(/\.ts$/, '.js'));
    let rel = path.relative(path.dirname(fileOut), abs).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `require("${rel}")`;
  });
}

const started = Date.now();
await rm(out, { recursive: true, force: true });
let n = 0;
const files = [];
for (const base of ['apps', 'libs', 'tools']) {
  for (const proj of await readdir(path.join(root, base)).catch(() => [])) {
    if (proj === 'admin-portal') continue;
    for await (const f of walk(path.join(root, base, proj, 'src'))) files.push(f);
  }
}
await Promise.all(
  files.map(async (file) => {
    const rel = path.relative(root, file);
    const fileOut = path.join(out, rel.replace(/\.ts$/, '.js'));
    const { code, map } = await transformFile(file, {
      swcrc: false,
      sourceMaps: true,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    });
    await mkdir(path.dirname(fileOut), { recursive: true });
    await writeFile(fileOut, `${rewrite(code, fileOut)}\n//# sourceMappingURL=${path.basename(fileOut)}.map\n`);
    if (map) await writeFile(`${fileOut}.map`, map);
    n++;
  }),
);
console.log(`build: ${n} files → dist/ in ${Date.now() - started} ms`);
await buildPortal(root);
