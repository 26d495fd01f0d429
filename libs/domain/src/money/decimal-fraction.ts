import { ValidationError } from '../errors/domain-error';

/** An exact decimal as an integer fraction `numerator / 10^scale`. */
export interface DecimalFraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Turns a plain decimal literal (`'0.75'`, `'12.5'`, `3`) into an exact fraction. Numbers are
 * read through their shortest round-trip string, so `0.1 + 0.2` is refused as
 * `0.30000000000000004` would be, and exponent forms (`1e-7`, `1e21`) are refused outright.
 */
export function parseDecimalFraction(value: unknown, field: string): DecimalFraction {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw new ValidationError(field, 'must be a decimal string or number');
  }
  const match = DECIMAL.exec(text);
  if (!match) throw new ValidationError(field, 'must be a plain decimal such as 0.75 (no exponent, spaces or separators)');
  const fraction = (match[3] as string | undefined) ?? '';
  const digits = BigInt(`${match[2]}${fraction}`);
  return {
    numerator: match[1] === '-' ? -digits : digits,
    denominator: 10n ** BigInt(fraction.length),
    scale: fraction.length,
  };
}
