import { ValidationError } from '../errors/domain-error';

/**
 * 舍入方式 — how a fractional fen is resolved. There is deliberately no default: every call
 * that applies a ratio names its rule (DOMAIN.md §0: "the rounding rule is named at the call").
 *
 * - `HALF_UP`   — to nearest; a half goes away from zero (四舍五入; -2.5 → -3).
 * - `HALF_EVEN` — to nearest; a half goes to the even neighbour (banker's rounding).
 * - `DOWN`      — towards zero (truncate, 舍去).
 * - `UP`        — away from zero (进位).
 */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP';

export const ROUNDING_MODES: readonly RoundingMode[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/**
 * Divides `numerator` by `denominator` (exact integers) and rounds the quotient to an integer
 * with the named mode.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new ValidationError('denominator', 'must not be zero');
  if (!ROUNDING_MODES.includes(mode)) {
    throw new ValidationError('rounding', `must be one of ${ROUNDING_MODES.join(', ')}`);
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = abs(numerator);
  const d = abs(denominator);
  let q = n / d;
  const r = n % d;
  if (r !== 0n) {
    const twice = 2n * r;
    switch (mode) {
      case 'DOWN':
        break;
      case 'UP':
        q += 1n;
        break;
      case 'HALF_UP':
        if (twice >= d) q += 1n;
        break;
      case 'HALF_EVEN':
        if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
        break;
    }
  }
  return negative ? -q : q;
}
