// Prints one closing line for every jest run of `npm test`: "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tmp/test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
let projects = 0;
const failures = [];
for (const f of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
  if (!f.name.endsWith('.json')) continue;
  const r = JSON.parse(readFileSync(path.join(dir, f.name), 'utf8'));
  passed += r.passed;
  failed += r.failed + r.suitesFailed;
  skipped += r.skipped;
  failures.push(...(r.failures ?? []));
  projects++;
}
for (const f of failures) {
  console.log(`\nFAILED ${f.file} › ${f.test}\n${f.message}`);
}
console.log(`(${projects} projects)`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
