import { catchDomainError } from '../errors/catch-domain-error.testing';
import { Money, MONEY_MAX_FEN } from './money';
import type { RoundingMode } from './rounding-mode';

const yuan = (value: string): Money => Money.parseYuan(value, 'amount', { allowNegative: true });

describe('Money', () => {
  describe('fromFen / fromJSON', () => {
    it('takes integer fen as number or bigint', () => {
      expect(Money.fromFen(123450).toYuanString()).toBe('1234.50');
      expect(Money.fromFen(-5n).toYuanString()).toBe('-0.05');
      expect(Money.fromFen(MONEY_MAX_FEN).toYuanString()).toBe('99999999999999.99');
    });

    it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses non-integer or unsafe %p', (value) => {
      const error = catchDomainError(() => Money.fromFen(value, 'medfee_sumamt'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('medfee_sumamt');
      expect(error.details.reason).toBe('must be a safe integer');
    });

    it('refuses fen beyond dec(16,2)', () => {
      const error = catchDomainError(() => Money.fromFen(MONEY_MAX_FEN + 1n));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('fen');
      expect(error.details.reason).toBe('exceeds the dec(16,2) range');
    });

    it('round-trips through JSON as a fen string', () => {
      const big = Money.fromFen(MONEY_MAX_FEN);
      expect(JSON.stringify({ amount: big })).toBe('{"amount":"9999999999999999"}');
      expect(Money.fromJSON('9999999999999999').equals(big)).toBe(true);
      expect(Money.fromJSON(-500).toYuanString()).toBe('-5.00');
    });

    it.each(['1.5', '', ' 1', '1e3', '+1', '01', 5.5, null, {}])('fromJSON refuses %p', (value) => {
      const error = catchDomainError(() => Money.fromJSON(value, 'fen_amt'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('fen_amt');
    });
  });

  describe('parseYuan (NHSA dec(16,2))', () => {
    it.each([
      ['12.30', 1230n],
      ['12.3', 1230n],
      ['12', 1200n],
      ['0', 0n],
      ['0.05', 5n],
      ['0.5', 50n],
      ['99999999999999.99', 9999999999999999n],
      [12.3, 1230n],
      [0.1, 10n],
      [1234.56, 123456n],
      [0, 0n],
      [-0, 0n],
      [9999999999999.99, 999999999999999n],
    ])('accepts %p', (value, fen) => {
      expect(Money.parseYuan(value, 'amt').fenBigInt).toBe(fen);
    });

    it('accepts negatives only with allowNegative', () => {
      expect(Money.parseYuan('-5.00', 'amt', { allowNegative: true }).fenBigInt).toBe(-500n);
      expect(Money.parseYuan(-5, 'amt', { allowNegative: true }).fenBigInt).toBe(-500n);
      expect(Money.parseYuan('-0.00', 'amt').isZero()).toBe(true);
      const error = catchDomainError(() => Money.parseYuan('-5.00', 'setlinfo.psn_cash_pay'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('setlinfo.psn_cash_pay');
      expect(error.details.reason).toBe('must not be negative');
    });

    it.each([
      ['', 'must not be empty'],
      [Number.NaN, 'must be a finite number'],
      [Number.POSITIVE_INFINITY, 'must be a finite number'],
      [Number.NEGATIVE_INFINITY, 'must be a finite number'],
      ['NaN', 'must be a plain decimal amount such as 12.30'],
      ['Infinity', 'must be a plain decimal amount such as 12.30'],
      ['1e3', 'must be a plain decimal amount such as 12.30'],
      ['1,000', 'must be a plain decimal amount such as 12.30'],
      [' 12', 'must be a plain decimal amount such as 12.30'],
      ['12 ', 'must be a plain decimal amount such as 12.30'],
      ['+12', 'must be a plain decimal amount such as 12.30'],
      ['012', 'must be a plain decimal amount such as 12.30'],
      ['12.', 'must be a plain decimal amount such as 12.30'],
      ['.5', 'must be a plain decimal amount such as 12.30'],
      ['--1', 'must be a plain decimal amount such as 12.30'],
      ['１２', 'must be a plain decimal amount such as 12.30'],
      ['12.345', 'has more than 2 decimal places'],
      ['0.001', 'has more than 2 decimal places'],
      [12.345, 'has more than 2 decimal places'],
      [0.1 + 0.2, 'has more than 2 decimal places'],
      [1e21, 'must be a plain decimal amount such as 12.30'],
      [1e-7, 'must be a plain decimal amount such as 12.30'],
      ['100000000000000', 'exceeds dec(16,2): more than 14 integer digits'],
      ['100000000000000.00', 'exceeds dec(16,2): more than 14 integer digits'],
      [12345678901234.56, 'has more significant digits than a JSON number holds exactly; send it as a string'],
      [null, 'is required'],
      [undefined, 'is required'],
      [true, 'must be a decimal string or number'],
      [12n, 'must be a decimal string or number'],
    ])('refuses %p (%s)', (value, reason) => {
      const error = catchDomainError(() => Money.parseYuan(value, 'input.medfee_sumamt', { allowNegative: true }));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('input.medfee_sumamt');
      expect(error.details.reason).toBe(reason);
    });
  });

  describe('arithmetic and comparison', () => {
    it('adds, subtracts, negates exactly', () => {
      expect(yuan('0.10').add(yuan('0.20')).toYuanString()).toBe('0.30');
      expect(yuan('1.00').subtract(yuan('2.50')).toYuanString()).toBe('-1.50');
      expect(yuan('3.00').negate().toYuanString()).toBe('-3.00');
      expect(yuan('-3.00').abs().toYuanString()).toBe('3.00');
      expect(yuan('0').negate().isZero()).toBe(true);
    });

    it('reports sign', () => {
      expect(Money.ZERO.isZero()).toBe(true);
      expect(yuan('-0.01').isNegative()).toBe(true);
      expect(yuan('0.01').isPositive()).toBe(true);
      expect(Money.ZERO.isNegative()).toBe(false);
      expect(Money.ZERO.isPositive()).toBe(false);
    });

    it('compares', () => {
      const a = yuan('1.00');
      const b = yuan('2.00');
      expect(a.compareTo(b)).toBe(-1);
      expect(b.compareTo(a)).toBe(1);
      expect(a.compareTo(yuan('1'))).toBe(0);
      expect(a.lessThan(b) && a.lessThanOrEqual(a) && b.greaterThan(a) && b.greaterThanOrEqual(b)).toBe(true);
      expect(a.greaterThan(b) || b.lessThan(a)).toBe(false);
      expect(Money.min(b, a, yuan('3')).equals(a)).toBe(true);
      expect(Money.max(b, a, yuan('3')).equals(yuan('3'))).toBe(true);
      expect([b, a].sort((x, y) => x.compareTo(y))).toEqual([a, b]);
    });

    it('sums lists, zero for none', () => {
      expect(Money.sum([yuan('1.10'), yuan('2.20'), yuan('-0.30')]).toYuanString()).toBe('3.00');
      expect(Money.sum([]).isZero()).toBe(true);
    });

    it('refuses to overflow dec(16,2)', () => {
      const max = Money.fromFen(MONEY_MAX_FEN);
      for (const [operation, fn] of [
        ['add', () => max.add(Money.fromFen(1))],
        ['subtract', () => max.negate().subtract(Money.fromFen(1))],
        ['sum', () => Money.sum([max, max])],
        ['multiplyRatio', () => max.multiplyRatio(2, 1, 'DOWN')],
      ] as const) {
        const error = catchDomainError(fn);
        expect(error.code).toBe('MONEY.OVERFLOW');
        expect(error.details.operation).toBe(operation);
      }
    });

    it('fen is a number only while safe', () => {
      expect(yuan('1234.50').fen).toBe(123450);
      expect(Money.fromFen(Number.MAX_SAFE_INTEGER).fen).toBe(Number.MAX_SAFE_INTEGER);
      const error = catchDomainError(() => Money.fromFen(MONEY_MAX_FEN).fen);
      expect(error.code).toBe('MONEY.UNSAFE_INTEGER');
      expect(error.details.fen).toBe('9999999999999999');
    });
  });

  describe('ratios with named rounding', () => {
    const cases: [string, RoundingMode, string][] = [
      // 0.05 × 1/2 = 0.025
      ['0.05', 'HALF_UP', '0.03'],
      ['0.05', 'HALF_EVEN', '0.02'],
      ['0.05', 'DOWN', '0.02'],
      ['0.05', 'UP', '0.03'],
      ['0.07', 'HALF_EVEN', '0.04'],
      ['-0.05', 'HALF_UP', '-0.03'],
      ['-0.05', 'HALF_EVEN', '-0.02'],
      ['-0.05', 'DOWN', '-0.02'],
      ['-0.05', 'UP', '-0.03'],
      ['0.04', 'UP', '0.02'],
    ];
    it.each(cases)('%s × 1/2 with %s = %s', (amount, mode, expected) => {
      expect(yuan(amount).multiplyRatio(1, 2, mode).toYuanString()).toBe(expected);
    });

    it('applies a reimbursement ratio', () => {
      // employees, third-level hospital: 75 % of the policy-range amount
      expect(yuan('1234.57').multiplyRatio(75, 100, 'HALF_UP').toYuanString()).toBe('925.93');
      expect(yuan('1234.57').multiplyPercent(75, 'HALF_UP').toYuanString()).toBe('925.93');
      expect(yuan('1234.57').multiplyByDecimalString('0.75', 'HALF_UP').toYuanString()).toBe('925.93');
      expect(yuan('1234.57').multiplyByDecimalString('0.75', 'DOWN').toYuanString()).toBe('925.92');
      expect(yuan('100.00').multiplyPercent('12.5', 'HALF_EVEN').toYuanString()).toBe('12.50');
      expect(yuan('0.01').multiplyPercent('50', 'HALF_EVEN').toYuanString()).toBe('0.00');
      expect(yuan('10.00').multiplyRatio(-1n, 3n, 'HALF_UP').toYuanString()).toBe('-3.33');
    });

    it('refuses a zero denominator and non-integers', () => {
      let error = catchDomainError(() => yuan('1').multiplyRatio(1, 0, 'HALF_UP'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('denominator');
      error = catchDomainError(() => yuan('1').multiplyRatio(0.5, 1, 'HALF_UP'));
      expect(error.details.field).toBe('numerator');
    });

    it('refuses an unknown rounding mode', () => {
      const error = catchDomainError(() => yuan('1').multiplyRatio(1, 3, 'ROUND' as RoundingMode));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('rounding');
    });

    it.each(['1e-2', '0.75 ', '', '.75', '75%', 'abc'])('multiplyByDecimalString refuses %p', (factor) => {
      const error = catchDomainError(() => yuan('1').multiplyByDecimalString(factor, 'HALF_UP'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('factor');
    });

    it.each([Number.NaN, 1e-7, '1e2'])('multiplyPercent refuses %p', (percent) => {
      const error = catchDomainError(() => yuan('1').multiplyPercent(percent, 'HALF_UP'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('percent');
    });
  });

  describe('allocate', () => {
    const fen = (parts: Money[]): bigint[] => parts.map((p) => p.fenBigInt);

    it('splits so the parts always sum to the whole (largest remainder)', () => {
      expect(fen(Money.fromFen(100).allocate([1, 1, 1]))).toEqual([34n, 33n, 33n]);
      expect(fen(Money.fromFen(5).allocate([3, 7]))).toEqual([2n, 3n]); // 1.5 / 3.5 → tie, earlier first
      expect(fen(Money.fromFen(10).allocate([0.3, 0.7]))).toEqual([3n, 7n]);
      expect(fen(Money.fromFen(1).allocate([1n, 1n, 1n]))).toEqual([1n, 0n, 0n]);
      expect(fen(Money.fromFen(101).allocate([1, 0, 1]))).toEqual([51n, 0n, 50n]);
      expect(fen(Money.fromFen(-100).allocate([1, 1, 1]))).toEqual([-34n, -33n, -33n]);
      expect(fen(Money.ZERO.allocate([1, 2]))).toEqual([0n, 0n]);
    });

    it('keeps the sum exact for awkward ratios', () => {
      const whole = Money.fromFen(1_000_003);
      for (const ratios of [
        [1, 2, 3, 4, 5, 6, 7],
        [0.1, 0.2, 0.3333],
        [17, 0, 0.5, 99],
      ]) {
        const parts = whole.allocate(ratios);
        expect(parts).toHaveLength(ratios.length);
        expect(Money.sum(parts).equals(whole)).toBe(true);
      }
    });

    it('gives the leftover fen to the largest remainders', () => {
      // 10 × [0.45, 0.45, 0.1] = 4.5 / 4.5 / 1 → the 1 leftover fen goes to the first tie
      expect(fen(Money.fromFen(10).allocate([45, 45, 10]))).toEqual([5n, 4n, 1n]);
      // 7 × [1, 2] = 2.33 / 4.67 → leftover to the larger remainder (second)
      expect(fen(Money.fromFen(7).allocate([1, 2]))).toEqual([2n, 5n]);
    });

    it.each([
      [[], 'ratios', 'must not be empty'],
      [[0, 0], 'ratios', 'must contain at least one positive ratio'],
      [[1, -1], 'ratios[1]', 'must not be negative'],
      [[1, Number.NaN], 'ratios[1]', 'must be a finite number'],
      [[-1n, 2n], 'ratios[0]', 'must not be negative'],
    ] as [number[] | bigint[], string, string][])('refuses %p', (ratios, field, reason) => {
      const error = catchDomainError(() => Money.fromFen(100).allocate(ratios));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe(field);
      expect(error.details.reason).toBe(reason);
    });

    it('allocateEvenly', () => {
      expect(fen(Money.fromFen(1000).allocateEvenly(3))).toEqual([334n, 333n, 333n]);
      expect(fen(Money.fromFen(2).allocateEvenly(3))).toEqual([1n, 1n, 0n]);
      expect(fen(Money.fromFen(9).allocateEvenly(1))).toEqual([9n]);
      for (const parts of [0, -1, 1.5]) {
        const error = catchDomainError(() => Money.fromFen(9).allocateEvenly(parts));
        expect(error.code).toBe('VALIDATION');
        expect(error.details.field).toBe('parts');
      }
    });
  });

  describe('formatting', () => {
    it.each([
      ['1234.5', '1234.50', '¥1,234.50'],
      ['-1234.5', '-1234.50', '-¥1,234.50'],
      ['0', '0.00', '¥0.00'],
      ['0.05', '0.05', '¥0.05'],
      ['-0.05', '-0.05', '-¥0.05'],
      ['999', '999.00', '¥999.00'],
      ['1000', '1000.00', '¥1,000.00'],
      ['1234567.89', '1234567.89', '¥1,234,567.89'],
      ['99999999999999.99', '99999999999999.99', '¥99,999,999,999,999.99'],
    ])('%s → %s / %s', (input, wire, display) => {
      const sut = yuan(input);
      expect(sut.toYuanString()).toBe(wire);
      expect(sut.format()).toBe(display);
      expect(String(sut)).toBe(wire);
    });
  });
});
