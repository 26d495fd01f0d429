/**
 * Money is integer fen (`bigint`) inside the generator; NHSA decimals leave it as 2-decimal yuan
 * strings (`'12.50'`). Ratios are applied with half-up rounding at the fen, named at each call.
 */
export type Fen = bigint;

export function yuan(text: string): Fen {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a yuan amount: ${text}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** `1234n` → `'12.34'`; negative amounts keep their sign. */
export function fenToYuan(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / 100n;
  const cents = abs % 100n;
  return `${negative ? '-' : ''}${whole}.${cents < 10n ? '0' : ''}${cents}`;
}

/** `amount × numerator / denominator`, rounded half-up at the fen (non-negative amounts). */
export function ratioHalfUp(amount: Fen, numerator: number, denominator: number): Fen {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return (amount * n * 2n + d) / (d * 2n);
}

/** A quantity held in hundredths (`cnt` dec(6,2)) as a 2-decimal string: `200` → `'2.00'`. */
export function hundredthsToText(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const cents = hundredths % 100;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
