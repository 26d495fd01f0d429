/**
 * Polls `probe` until it returns a value (not undefined/false). `timeoutMs` is a liveness bound,
 * not a speed assertion: it is stretched by TEST_WAIT_FACTOR (default 3) because CI runs two heavy
 * suites at once on two cores, where a JetStream redelivery can take several seconds. Speed lives
 * in tools/bench, never here.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const bound = timeoutMs * waitFactor();
  const until = Date.now() + bound;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${bound} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function waitFactor(): number {
  const f = Number(process.env['TEST_WAIT_FACTOR'] ?? 3);
  return Number.isFinite(f) && f >= 1 ? f : 3;
}
