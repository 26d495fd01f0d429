import { ValidationError } from '@mi/domain';
import { Rational } from '../dsl/rational';

const DECIMAL = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
/** NHSA `cnt` is dec(6,2): at most 4 integer digits. */
const MAX_INTEGER_DIGITS = 4;

export interface ParseQuantityOptions {
  /** Accept quantities below zero (refund lines). Default: refuse them — claims carry net lines. */
  readonly allowNegative?: boolean;
}

/**
 * 数量 — a charge line's quantity (`cnt`, NHSA dec(6,2)) held as an integer number of hundredths,
 * so `2.5` boxes is `250` and sums never drift. Chosen over a plain `number` because the rules
 * compare sums of quantities against limits; in the DSL a quantity is an exact `number`.
 */
export class Quantity {
  static readonly ZERO = new Quantity(0);

  private constructor(readonly hundredths: number) {}

  static fromHundredths(hundredths: number, field = 'quantity'): Quantity {
    if (!Number.isSafeInteger(hundredths)) throw new ValidationError(field, 'must be an integer number of hundredths');
    return new Quantity(hundredths);
  }

  static of(units: number, field = 'quantity'): Quantity {
    return Quantity.parse(units, field, { allowNegative: true });
  }

  /** Strict dec(6,2) parser: `'2'`, `'2.5'`, `2.25`; refuses exponents, separators, three decimals. */
  static parse(value: unknown, field: string, options: ParseQuantityOptions = {}): Quantity {
    if (value instanceof Quantity) {
      if (value.hundredths < 0 && !options.allowNegative) throw new ValidationError(field, 'must not be negative');
      return value;
    }
    let text: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
      text = String(value);
    } else if (typeof value === 'string' && value !== '') {
      text = value;
    } else if (value === null || value === undefined || value === '') {
      throw new ValidationError(field, 'is required');
    } else {
      throw new ValidationError(field, 'must be a decimal string or number');
    }
    const match = DECIMAL.exec(text);
    if (!match) throw new ValidationError(field, 'must be a plain decimal with at most 2 decimal places');
    const [, sign, integer, decimals = ''] = match;
    if (integer.length > MAX_INTEGER_DIGITS) throw new ValidationError(field, 'exceeds dec(6,2)');
    const magnitude = Number(integer) * 100 + Number(decimals.padEnd(2, '0'));
    if (sign === '-' && magnitude !== 0 && !options.allowNegative) throw new ValidationError(field, 'must not be negative');
    return new Quantity(sign === '-' ? -magnitude : magnitude);
  }

  static sum(quantities: Iterable<Quantity>): Quantity {
    let total = 0;
    for (const q of quantities) total += q.hundredths;
    return new Quantity(total);
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.hundredths + other.hundredths);
  }

  isPositive(): boolean {
    return this.hundredths > 0;
  }

  /** The exact value as a DSL number. */
  toRational(): Rational {
    return Rational.fromHundredths(this.hundredths);
  }

  /** `'2.5'`, `'3'` (no trailing zeros). */
  toString(): string {
    return this.toRational().toDecimalString(2);
  }

  toJSON(): string {
    return this.toString();
  }
}
