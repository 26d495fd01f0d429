// Prints one closing line for every jest run of `npm test`: "tests: N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tmp/test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
let projects = 0;
for (const f of readdirSync(dir, { withFileTypes: true })) {
  if (!f.name.endsWith('.json')) continue;
  const r = JSON.parse(readFileSync(path.join(dir, f.name), 'utf8'));
  passed += r.passed;
  failed += r.failed + r.suitesFailed;
  skipped += r.skipped;
  projects++;
}
console.log(`(${projects} projects)`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
