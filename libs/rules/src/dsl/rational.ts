import { Money, parseDecimalFraction, type RoundingMode, ValidationError } from '@mi/domain';

const MICRO = 1_000_000n;
/** Rationals are immutable: the small non-negative integers (ages, counts, days) are shared. */
const SMALL_INTEGERS = 256;
const SMALL: Rational[] = [];
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * An exact rational number: the DSL's `number` type. Quantities (dec(6,2)), ages, days, counts and
 * ratios are compared and combined without floating-point error, so a threshold such as
 * "more than 0.3" never fires because 0.1 + 0.2 came out as 0.30000000000000004.
 */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  static of(numerator: bigint, denominator = 1n): Rational {
    if (denominator === 0n) throw new ValidationError('denominator', 'must not be zero');
    const sign = denominator < 0n ? -1n : 1n;
    const g = gcd(numerator, denominator) || 1n;
    return new Rational((sign * numerator) / g, (sign * denominator) / g);
  }

  static fromInteger(value: number): Rational {
    if (!Number.isSafeInteger(value)) throw new ValidationError('value', 'must be a safe integer');
    if (value >= 0 && value < SMALL_INTEGERS) return (SMALL[value] ??= new Rational(BigInt(value), 1n));
    return new Rational(BigInt(value), 1n);
  }

  /** `hundredths / 100` in lowest terms (a `Quantity`), reduced with number arithmetic. */
  static fromHundredths(hundredths: number): Rational {
    if (!Number.isSafeInteger(hundredths)) throw new ValidationError('hundredths', 'must be a safe integer');
    let x = hundredths < 0 ? -hundredths : hundredths;
    let y = 100;
    while (y !== 0) {
      const r = x % y;
      x = y;
      y = r;
    }
    return new Rational(BigInt(hundredths / x), BigInt(100 / x));
  }

  /** A plain decimal literal (`3`, `0.75`, `'12.5'`); exponents and separators are refused. */
  static parse(value: unknown, field: string): Rational {
    const { numerator, denominator } = parseDecimalFraction(value, field);
    return Rational.of(numerator, denominator);
  }

  /** The ratio of two amounts (`money / money`); null when `divisor` is zero. */
  static ratioOf(dividend: Money, divisor: Money): Rational | null {
    if (divisor.isZero()) return null;
    return Rational.of(dividend.fenBigInt, divisor.fenBigInt);
  }

  add(other: Rational): Rational {
    return Rational.of(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator);
  }

  subtract(other: Rational): Rational {
    return Rational.of(this.numerator * other.denominator - other.numerator * this.denominator, this.denominator * other.denominator);
  }

  multiply(other: Rational): Rational {
    return Rational.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  /** Null when dividing by zero: the DSL treats it as an unknown value, not an exception. */
  divide(other: Rational): Rational | null {
    if (other.numerator === 0n) return null;
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  compareTo(other: Rational): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left === right ? 0 : left < right ? -1 : 1;
  }

  equals(other: Rational): boolean {
    return this.compareTo(other) === 0;
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  /** `amount × this`, rounded to the fen with the named mode. */
  timesMoney(amount: Money, rounding: RoundingMode): Money {
    return amount.multiplyRatio(this.numerator, this.denominator, rounding);
  }

  /**
   * Decimal text with at most `maxScale` decimals (rounded half away from zero), trailing zeros
   * dropped: `5/2` → `'2.5'`, `1/3` → `'0.3333'`.
   */
  toDecimalString(maxScale = 4): string {
    const scale = 10n ** BigInt(maxScale);
    const negative = this.numerator < 0n;
    const magnitude = negative ? -this.numerator : this.numerator;
    let scaled = (magnitude * scale) / this.denominator;
    if (((magnitude * scale) % this.denominator) * 2n >= this.denominator) scaled += 1n;
    const digits = scaled.toString().padStart(maxScale + 1, '0');
    const integer = digits.slice(0, digits.length - maxScale);
    const fraction = digits.slice(digits.length - maxScale).replace(/0+$/, '');
    const text = fraction === '' ? integer : `${integer}.${fraction}`;
    return negative && scaled !== 0n ? `-${text}` : text;
  }

  /** Nearest double (for JSON facts); exact for the dec(6,2) quantities and integers the rules use. */
  toNumber(): number {
    // When the denominator divides 10^6 the six-decimal text is exact, and dividing two safe
    // integers rounds the same exact quotient to the same nearest double: skip the text.
    if (MICRO % this.denominator === 0n && this.numerator <= MAX_SAFE && this.numerator >= -MAX_SAFE) {
      return Number(this.numerator) / Number(this.denominator);
    }
    return Number(this.toDecimalString(6));
  }

  toString(): string {
    return this.toDecimalString();
  }
}
