import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDatagen } from './run';

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort())
    out[name] = createHash('sha256')
      .update(readFileSync(path.join(dir, name)))
      .digest('hex');
  return out;
}

describe('runDatagen', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'datagen-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes byte-identical files for the same seed and options, different ones for another seed', async () => {
    const options = { lines: 3000, violationRate: 0.01, anomalyRate: 0.002 };
    const a = await runDatagen({ out: path.join(root, 'a'), seed: 11, ...options });
    await runDatagen({ out: path.join(root, 'b'), seed: 11, ...options });
    await runDatagen({ out: path.join(root, 'c'), seed: 12, ...options });
    const ha = hashes(path.join(root, 'a'));
    expect(Object.keys(ha)).toEqual([
      'anomalies.ndjson',
      'fee_list.csv',
      'ground-truth.ndjson',
      'institutions.json',
      'persons.ndjson',
      'setl_d.csv',
      'settlements.ndjson',
      'summary.json',
    ]);
    expect(hashes(path.join(root, 'b'))).toEqual(ha);
    expect(hashes(path.join(root, 'c'))['settlements.ndjson']).not.toBe(ha['settlements.ndjson']);
    expect(a.counts.fee_lines).toBeGreaterThanOrEqual(3000);
  });

  it('keeps files consistent with each other and the summary', async () => {
    const dir = path.join(root, 'a');
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    const settlements = readFileSync(path.join(dir, 'settlements.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const feeRows = readFileSync(path.join(dir, 'fee_list.csv'), 'utf8').trim().split('\n');
    const truth = readFileSync(path.join(dir, 'ground-truth.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(settlements.length).toBe(summary.counts.settlements);
    expect(feeRows.length - 1).toBe(summary.counts.fee_lines);
    expect(truth.length).toBe(Object.values(summary.rules as Record<string, number>).reduce((a, b) => a + b, 0));
    const total = settlements.reduce((n: bigint, s: { medfee_sumamt: string }) => n + BigInt(s.medfee_sumamt.replace('.', '')), 0n);
    expect(total.toString()).toBe(String(summary.totals_fen.medfee_sumamt));
    expect(summary.rules_not_injected).toEqual([]);
  });

  it('writes only NDJSON or only CSV when asked', async () => {
    await runDatagen({ out: path.join(root, 'n'), seed: 1, lines: 1000, format: 'ndjson' });
    await runDatagen({ out: path.join(root, 'v'), seed: 1, lines: 1000, format: 'csv' });
    expect(readdirSync(path.join(root, 'n'))).not.toContain('fee_list.csv');
    expect(readdirSync(path.join(root, 'v'))).not.toContain('settlements.ndjson');
    expect(readFileSync(path.join(root, 'n', 'ground-truth.ndjson'))).toEqual(readFileSync(path.join(root, 'v', 'ground-truth.ndjson')));
  });
});
