// `npm test`: lint, typecheck and every jest project through nx, then one closing summary that
// repeats what failed (CI keeps only the tail of the output, so the failures must come last).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
rmSync(path.join(root, 'tmp/test-results'), { recursive: true, force: true });
const nx = spawnSync('nx', ['run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=static', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
const summary = spawnSync(process.execPath, [path.join(root, 'tools/dev/test-summary.mjs')], { cwd: root, stdio: 'inherit' });
if (nx.status !== 0) console.log('nx: some lint, typecheck or test target failed (see above)');
process.exit(nx.status !== 0 || summary.status !== 0 ? 1 : 0);
