import { Money } from '@mi/domain';
import { Rational } from './rational';

describe('Rational', () => {
  const r = (text: string) => Rational.parse(text, 'n');

  it('is exact and normalized', () => {
    expect(r('0.1').add(r('0.2')).equals(r('0.3'))).toBe(true);
    expect(Rational.of(6n, -4n)).toEqual(Rational.of(-3n, 2n));
    expect(r('1').divide(r('3'))?.multiply(r('3')).equals(Rational.ONE)).toBe(true);
    expect(r('2.5').subtract(r('3')).toDecimalString()).toBe('-0.5');
  });

  it('divides by zero to null', () => {
    expect(r('1').divide(Rational.ZERO)).toBeNull();
    expect(Rational.ratioOf(Money.fromFen(5), Money.ZERO)).toBeNull();
    expect(Rational.ratioOf(Money.fromFen(5), Money.fromFen(10))?.toDecimalString()).toBe('0.5');
  });

  it('formats with bounded decimals, rounding half away from zero', () => {
    expect(Rational.of(1n, 3n).toDecimalString()).toBe('0.3333');
    expect(Rational.of(2n, 3n).toDecimalString(2)).toBe('0.67');
    expect(Rational.of(-1n, 8n).toDecimalString(2)).toBe('-0.13');
    expect(Rational.of(-1n, 1000n).toDecimalString(2)).toBe('0');
    expect(Rational.fromInteger(42).toNumber()).toBe(42);
  });

  it('multiplies money with the named rounding', () => {
    expect(r('0.25').timesMoney(Money.fromFen(850), 'HALF_UP').fenBigInt).toBe(213n);
    expect(r('0.25').timesMoney(Money.fromFen(850), 'DOWN').fenBigInt).toBe(212n);
  });

  it('refuses exponents', () => {
    expect(() => r('1e3')).toThrow();
  });
});
