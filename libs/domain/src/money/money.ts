import { DomainError, ValidationError } from '../errors/domain-error';
import { parseDecimalFraction } from './decimal-fraction';
import { divideRounded, type RoundingMode } from './rounding-mode';

/** Largest magnitude of an NHSA `dec(16,2)` amount, in fen: 99 999 999 999 999.99 yuan. */
export const MONEY_MAX_FEN = 9_999_999_999_999_999n;

const YUAN = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
const FEN = /^-?(0|[1-9]\d*)$/;
const MAX_INTEGER_DIGITS = 14;
/** Doubles hold every decimal of up to 15 significant digits exactly (DBL_DIG). */
const MAX_EXACT_NUMBER_DIGITS = 15;

export interface ParseYuanOptions {
  /** Accept amounts below zero (refunds, corrections). Default: refuse them. */
  readonly allowNegative?: boolean;
}

function checkRange(fen: bigint, operation: string): bigint {
  if (fen > MONEY_MAX_FEN || fen < -MONEY_MAX_FEN) {
    throw new DomainError('MONEY.OVERFLOW', `${operation}: result exceeds the dec(16,2) range`, {
      operation,
      limitFen: MONEY_MAX_FEN.toString(),
    });
  }
  return fen;
}

function toBigIntInteger(value: number | bigint, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new ValidationError(field, 'must be a safe integer');
  return BigInt(value);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * 金额 — an amount of renminbi held as an exact integer number of fen (分, 0.01 yuan).
 *
 * Internally a `bigint`: an NHSA `dec(16,2)` amount reaches 10^16 fen, beyond
 * `Number.MAX_SAFE_INTEGER`, so a plain number could silently lose a fen. Every result is
 * range-checked against dec(16,2) (±{@link MONEY_MAX_FEN} fen) and refused with
 * `MONEY.OVERFLOW` rather than wrapped.
 *
 * JSON form: `toJSON()` gives the fen as a decimal **string** (`"123450"`), because JSON numbers
 * are doubles; read it back with {@link Money.fromJSON}. The NHSA wire form is
 * {@link Money.toYuanString} (`"1234.50"`).
 */
export class Money {
  static readonly ZERO = new Money(0n);

  private constructor(private readonly value: bigint) {}

  /** From an integer number of fen (a safe-integer number or a bigint). */
  static fromFen(fen: number | bigint, field = 'fen'): Money {
    const value = toBigIntInteger(fen, field);
    if (value > MONEY_MAX_FEN || value < -MONEY_MAX_FEN) {
      throw new ValidationError(field, 'exceeds the dec(16,2) range');
    }
    return new Money(value);
  }

  /** Inverse of {@link Money.toJSON}: a fen integer as a string (`"-500"`) or a safe-integer number. */
  static fromJSON(value: unknown, field = 'fen'): Money {
    if (typeof value === 'number') return Money.fromFen(value, field);
    if (typeof value !== 'string' || !FEN.test(value)) {
      throw new ValidationError(field, 'must be an integer number of fen');
    }
    return Money.fromFen(BigInt(value), field);
  }

  /**
   * Strict parser for an NHSA `dec(16,2)` yuan amount: `'12.30'`, `'12.3'`, `'12'`, or a number
   * such as `12.3` with at most two decimals. Refuses `''`, `NaN`, `Infinity`, exponents
   * (`'1e3'`), separators (`'1,000'`), surrounding spaces, a leading `+` or extra leading zeros,
   * more than two decimals, more than 14 integer digits, and negatives unless `allowNegative`.
   * A number with more than 15 significant digits is refused too (a double cannot carry it
   * exactly): send such amounts as strings.
   */
  static parseYuan(value: unknown, field: string, options: ParseYuanOptions = {}): Money {
    let text: string;
    if (typeof value === 'string') {
      if (value === '') throw new ValidationError(field, 'must not be empty');
      text = value;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
      text = String(value);
    } else if (value === null || value === undefined) {
      throw new ValidationError(field, 'is required');
    } else {
      throw new ValidationError(field, 'must be a decimal string or number');
    }
    const match = YUAN.exec(text);
    if (!match) {
      if (/^-?\d+\.\d{3,}$/.test(text)) throw new ValidationError(field, 'has more than 2 decimal places');
      throw new ValidationError(field, 'must be a plain decimal amount such as 12.30');
    }
    const [, sign, integer, decimals = ''] = match;
    if (typeof value === 'number' && `${integer}${decimals}`.replace(/^0+/, '').length > MAX_EXACT_NUMBER_DIGITS) {
      throw new ValidationError(field, 'has more significant digits than a JSON number holds exactly; send it as a string');
    }
    if (integer.length > MAX_INTEGER_DIGITS) {
      throw new ValidationError(field, `exceeds dec(16,2): more than ${MAX_INTEGER_DIGITS} integer digits`);
    }
    const magnitude = BigInt(integer) * 100n + BigInt(decimals.padEnd(2, '0'));
    if (sign === '-' && magnitude !== 0n && !options.allowNegative) {
      throw new ValidationError(field, 'must not be negative');
    }
    return new Money(sign === '-' ? -magnitude : magnitude);
  }

  /** Sum of the amounts (zero for none). */
  static sum(amounts: Iterable<Money>): Money {
    let total = 0n;
    for (const amount of amounts) total += amount.value;
    return new Money(checkRange(total, 'sum'));
  }

  static min(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.value < a.value ? b : a), first);
  }

  static max(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.value > a.value ? b : a), first);
  }

  /** The fen as a JS number; throws `MONEY.UNSAFE_INTEGER` above 2^53 − 1 fen. */
  get fen(): number {
    if (this.value > BigInt(Number.MAX_SAFE_INTEGER) || this.value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DomainError('MONEY.UNSAFE_INTEGER', 'amount in fen exceeds Number.MAX_SAFE_INTEGER; use fenBigInt', {
        fen: this.value.toString(),
      });
    }
    return Number(this.value);
  }

  /** The fen as a bigint (always exact; use for `bigint` columns). */
  get fenBigInt(): bigint {
    return this.value;
  }

  add(other: Money): Money {
    return new Money(checkRange(this.value + other.value, 'add'));
  }

  subtract(other: Money): Money {
    return new Money(checkRange(this.value - other.value, 'subtract'));
  }

  negate(): Money {
    return new Money(-this.value);
  }

  abs(): Money {
    return this.value < 0n ? this.negate() : this;
  }

  isZero(): boolean {
    return this.value === 0n;
  }

  isNegative(): boolean {
    return this.value < 0n;
  }

  isPositive(): boolean {
    return this.value > 0n;
  }

  /** Negative, zero or positive as this is less than, equal to or greater than `other`. */
  compareTo(other: Money): -1 | 0 | 1 {
    if (this.value === other.value) return 0;
    return this.value < other.value ? -1 : 1;
  }

  equals(other: Money): boolean {
    return this.value === other.value;
  }

  greaterThan(other: Money): boolean {
    return this.value > other.value;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.value >= other.value;
  }

  lessThan(other: Money): boolean {
    return this.value < other.value;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.value <= other.value;
  }

  /**
   * This amount × `numerator / denominator`, rounded to the fen with the named mode. Integers
   * only (e.g. a 75 % reimbursement is `multiplyRatio(75, 100, 'HALF_UP')`).
   */
  multiplyRatio(numerator: number | bigint, denominator: number | bigint, rounding: RoundingMode): Money {
    const n = toBigIntInteger(numerator, 'numerator');
    const d = toBigIntInteger(denominator, 'denominator');
    if (d === 0n) throw new ValidationError('denominator', 'must not be zero');
    return new Money(checkRange(divideRounded(this.value * n, d, rounding), 'multiplyRatio'));
  }

  /** This amount × a plain decimal such as `'0.75'` or `'1.5'`, rounded with the named mode. */
  multiplyByDecimalString(factor: string, rounding: RoundingMode): Money {
    if (typeof factor !== 'string') throw new ValidationError('factor', 'must be a decimal string');
    const { numerator, denominator } = parseDecimalFraction(factor, 'factor');
    return new Money(checkRange(divideRounded(this.value * numerator, denominator, rounding), 'multiplyByDecimalString'));
  }

  /** This amount × `percent` / 100 (`75`, `'12.5'`), rounded with the named mode. */
  multiplyPercent(percent: number | string, rounding: RoundingMode): Money {
    const { numerator, denominator } = parseDecimalFraction(percent, 'percent');
    return new Money(checkRange(divideRounded(this.value * numerator, denominator * 100n, rounding), 'multiplyPercent'));
  }

  /**
   * Splits this amount in proportion to `ratios` so that the parts always add up exactly to
   * the whole (largest-remainder method: each part gets its floor share, then the leftover fen
   * go one each to the largest fractional remainders, earlier index first on ties). Ratios are
   * non-negative (integers, bigints or plain decimals) and at least one is positive. A negative
   * amount is split as its magnitude, then each part negated.
   */
  allocate(ratios: readonly number[] | readonly bigint[]): Money[] {
    if (ratios.length === 0) throw new ValidationError('ratios', 'must not be empty');
    const fractions = ratios.map((ratio: number | bigint, i) => {
      const field = `ratios[${i}]`;
      const fraction = typeof ratio === 'bigint' ? { numerator: ratio, denominator: 1n, scale: 0 } : parseDecimalFraction(ratio, field);
      if (fraction.numerator < 0n) throw new ValidationError(field, 'must not be negative');
      return fraction;
    });
    const scale = Math.max(...fractions.map((f) => f.scale));
    const weights = fractions.map((f) => f.numerator * 10n ** BigInt(scale - f.scale));
    const totalWeight = weights.reduce((a, b) => a + b, 0n);
    if (totalWeight === 0n) throw new ValidationError('ratios', 'must contain at least one positive ratio');

    const negative = this.value < 0n;
    const whole = negative ? -this.value : this.value;
    const parts = weights.map((w) => (whole * w) / totalWeight);
    let leftover = whole - parts.reduce((a, b) => a + b, 0n);
    const order = weights
      .map((w, index) => ({ index, remainder: (whole * w) % totalWeight }))
      .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
    for (const { index } of order) {
      if (leftover === 0n) break;
      parts[index] += 1n;
      leftover -= 1n;
    }
    return parts.map((p) => new Money(negative ? -p : p));
  }

  /** Splits this amount into `parts` near-equal shares that add up exactly (earlier parts get the extra fen). */
  allocateEvenly(parts: number): Money[] {
    if (!Number.isSafeInteger(parts) || parts < 1) throw new ValidationError('parts', 'must be a positive integer');
    return this.allocate(new Array<number>(parts).fill(1));
  }

  /** NHSA wire form: yuan with exactly two decimals, `'1234.50'`, `'-5.00'`. */
  toYuanString(): string {
    const magnitude = this.value < 0n ? -this.value : this.value;
    const digits = magnitude.toString().padStart(3, '0');
    const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
    return this.value < 0n ? `-${text}` : text;
  }

  /** Display form: `'¥1,234.50'`, `'-¥1,234.50'`. */
  format(): string {
    const magnitude = this.value < 0n ? -this.value : this.value;
    const digits = magnitude.toString().padStart(3, '0');
    const text = `¥${groupThousands(digits.slice(0, -2))}.${digits.slice(-2)}`;
    return this.value < 0n ? `-${text}` : text;
  }

  /** Fen as a decimal string, e.g. `"123450"` (see the class note on JSON). */
  toJSON(): string {
    return this.value.toString();
  }

  toString(): string {
    return this.toYuanString();
  }
}
