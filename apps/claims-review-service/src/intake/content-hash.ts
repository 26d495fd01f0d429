import { createHash } from 'node:crypto';

/**
 * The content hash stored with each settlement (`review.settlement.content_hash`): SHA-256 (hex) of
 * the parsed record as canonical JSON. Idempotency compares it with what an earlier upload stored —
 * same (fixmedins_code, setl_id) and same hash is a retry, a different hash is refused — so its
 * output must never change for the same record: rows stored years ago must still match.
 *
 * The canonical form is, byte for byte, what this was first written as:
 * `JSON.stringify(value, replacer)` whose replacer turns a bigint into its digits, a Date into its
 * ISO string and every non-array object into a copy with its keys sorted by UTF-16 code units. That
 * form calls back into JavaScript for every value and copies and sorts every object, which made it
 * one of the largest CPU costs of bulk intake (B4). {@link canonicalJson} writes the same string
 * directly; content-hash.spec.ts checks it against the original on awkward inputs and pins the
 * digests of known records.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

type Obj = Record<string, unknown>;

/** Strings JSON.stringify writes as they are between quotes (no escape, no lone surrogate). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** An array index key (`0` … `4294967294`), which an object lists first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Quoted keys: records repeat the same few dozen. */
const quotedKeys = new Map<string, string>();

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = quote(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

/**
 * Own enumerable keys sorted by code units (the default sort of strings), then ordered as an
 * object built from them lists them: array index keys first, numerically.
 */
function sortedKeys(o: Obj): string[] {
  const keys = Object.keys(o).sort();
  let indexKeys: string[] | undefined;
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57 && INDEX_KEY.test(k) && Number(k) < 4294967295) (indexKeys ??= []).push(k);
  }
  if (!indexKeys) return keys;
  const isIndex = new Set(indexKeys);
  return [...indexKeys.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex.has(k))];
}

/**
 * The value as `JSON.stringify` with the original replacer would write it (undefined where that
 * gives undefined): toJSON first, then the replacer's rules, then JSON's.
 */
function write(key: string, input: unknown): string | undefined {
  let v = input;
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (k: string) => unknown).call(v, key);
  }
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return quote(v.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (v === null) return 'null';
  if (v instanceof Date) return quote(v.toISOString());
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i > 0 ? ',' : ''}${write(String(i), v[i]) ?? 'null'}`;
    return `${out}]`;
  }
  // The replacer's sorted copy: entries read once (getters included), in sorted order.
  const o = v as Obj;
  let out = '{';
  let first = true;
  for (const k of sortedKeys(o)) {
    const s = write(k, o[k]);
    if (s === undefined) continue;
    out += `${first ? '' : ','}${quoteKey(k)}:${s}`;
    first = false;
  }
  return `${out}}`;
}

/** Canonical JSON of a record: keys sorted, bigints as digit strings, Dates as ISO strings. */
export function canonicalJson(value: unknown): string {
  return write('', value) as string;
}
