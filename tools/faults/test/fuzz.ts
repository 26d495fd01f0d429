import { pick } from '@mi/testing';

/** Values real HIS payloads get wrong: types, signs, sizes, encodings, precision. */
const NASTY: unknown[] = [
  null,
  '',
  ' ',
  0,
  -1,
  '-0.01',
  '1e9',
  '12.345',
  '１２.５０',
  'NaN',
  Number.MAX_SAFE_INTEGER,
  9.999999999999999e22,
  true,
  [],
  [null],
  {},
  { nested: { deeper: [1, 2, 3] } },
  'x'.repeat(5000),
  '张三\u0000',
  '\ud800',
  '2026-02-30',
  '2026-13-01 10:00:00',
  '99999999999999999999',
  '<script>alert(1)</script>',
  "'; drop table review.settlement; --",
];

/**
 * A copy of `valid` with 1–3 mutations: a field removed, replaced by a nasty value, or a nasty
 * extra field added — at the top level or inside one of its arrays of objects (fee lines, diagnoses).
 */
export function mutate(valid: Record<string, unknown>, rnd: () => number): Record<string, unknown> {
  const out = structuredClone(valid);
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    let target: Record<string, unknown> = out;
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    const nested = Object.values(out).flatMap((v) => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []));
    if (nested.length > 0 && rnd() < 0.4) target = pick(rnd, nested);
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = pick(rnd, keys);
    const op = rnd();
    if (op < 0.3) delete target[key];
    else if (op < 0.9) target[key] = pick(rnd, NASTY);
    else target[`extra_${Math.floor(rnd() * 1000)}`] = pick(rnd, NASTY);
  }
  return out;
}

/** Bodies that are not a settlement upload at all. */
export const GARBAGE_BODIES: { contentType: string; body: string }[] = [
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: '{' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '"settlements"' },
  { contentType: 'application/json', body: '{"settlements": {}}' },
  { contentType: 'application/json', body: '{"settlements": [1, "a", null]}' },
  { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { contentType: 'application/json', body: '{"__proto__": {"polluted": true}, "settlements": []}' },
  { contentType: 'application/x-ndjson', body: '\n\n\n' },
  { contentType: 'application/x-ndjson', body: '{"setl_id": "A"}\n{oops' },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'application/xml', body: '<settlements/>' },
];
