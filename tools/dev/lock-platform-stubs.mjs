// The npm registry reachable from our build machines serves only the linux-x64 builds of
// packages with per-platform optional binaries (@swc/core-*, @unrs/resolver-binding-*), so the
// lockfile npm writes here lacks the other platforms' entries and `npm ci` then refuses it
// ("Missing: @swc/core-darwin-arm64@ from lock file"). This adds those entries as optional,
// platform-restricted stubs (version from the parent's optionalDependencies), which `npm ci` on
// linux-x64 skips, and which a developer machine on another platform resolves normally.
// Run after every `npm install` that changes package-lock.json:  node tools/dev/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lockPath = path.join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = [
  ['arm64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['ppc64', 'ppc64'],
  ['s390x', 's390x'],
  ['loong64', 'loong64'],
  ['riscv64', 'riscv64'],
  ['arm', 'arm'],
  ['wasm32', 'wasm32'],
];
const PLATFORM_NAME = /(darwin|win32|linux|freebsd|android|openharmony|sunos|aix|netbsd|openbsd)-|wasm32-wasi/;

function platformOf(name) {
  const tail = name.split('/').pop();
  const os = OS.find((o) => tail.includes(`${o}-`));
  const cpuEntry = CPU.find(([token]) => new RegExp(`(^|-)${token}(-|$)`).test(tail.slice(tail.indexOf(os ?? '') + (os ?? '').length)));
  const libc = /-(gnu|gnueabihf)($|-)/.test(tail) && os === 'linux' ? ['glibc'] : /-musl/.test(tail) && os === 'linux' ? ['musl'] : undefined;
  return { os, cpu: cpuEntry?.[1], libc };
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!PLATFORM_NAME.test(dep)) continue;
    const parentDir = key === '' ? '' : `${key}/`;
    const nested = `${parentDir}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const wasm = /wasm32-wasi/.test(dep);
    const { os, cpu, libc } = wasm ? { os: undefined, cpu: 'wasm32', libc: undefined } : platformOf(dep);
    if ((!os && !wasm) || !cpu) continue;
    lock.packages[hoisted] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      cpu: [cpu],
      ...(libc ? { libc } : {}),
    };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: added ${added} platform stub entries`);
if (process.argv.includes('--check')) execFileSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
