import { catchDomainError } from '../errors/catch-domain-error.testing';
import { assertInScope, scopeContains, scopeFilter } from './region-scope';

describe('region scope', () => {
  describe('scopeContains', () => {
    it.each([
      ['430000', '430000', 'a province contains itself'],
      ['430000', '430100', 'a province contains its city'],
      ['430000', '430102', 'a province contains its county'],
      ['430100', '430100', 'a city contains itself'],
      ['430100', '430102', 'a city contains its county'],
      ['430102', '430102', 'a county contains itself'],
      ['110000', '110105', 'a municipality contains its districts'],
      ['110100', '110105', 'the municipality 市辖区 code contains its districts'],
    ])('%s contains %s (%s)', (scope, target) => {
      expect(scopeContains(scope, target)).toBe(true);
    });

    it.each([
      ['430100', '430000', 'a city does not contain its province'],
      ['430102', '430100', 'a county does not contain its city'],
      ['430100', '430200', 'a sibling city'],
      ['430100', '430202', 'a county of a sibling city'],
      ['430102', '430103', 'a sibling county'],
      ['430000', '440100', 'another province'],
    ])('%s does not contain %s (%s)', (scope, target) => {
      expect(scopeContains(scope, target)).toBe(false);
    });

    it.each([
      ['', '430102'],
      ['43', '430102'],
      ['430000', ''],
      ['430000', '4301'],
      ['4300000', '430102'],
      ['000000', '000001'],
      ['990000', '990100'],
      ['430012', '430012'],
      [' 430000', '430102'],
    ])('is false, not an error, for malformed codes (%p, %p)', (scope, target) => {
      expect(scopeContains(scope, target)).toBe(false);
    });

    it('is false for non-string input arriving at runtime', () => {
      expect(scopeContains(430000 as unknown as string, '430102')).toBe(false);
      expect(scopeContains('430000', null as unknown as string)).toBe(false);
    });
  });

  describe('assertInScope', () => {
    it('passes inside the scope', () => {
      expect(() => assertInScope('430100', '430102', 'Institution H43010200001')).not.toThrow();
    });

    it('refuses outside the scope with FORBIDDEN.REGION naming what, target and scope', () => {
      const error = catchDomainError(() => assertInScope('430100', '430202', 'Institution H43020200001'));
      expect(error.code).toBe('FORBIDDEN.REGION');
      expect(error.message).toBe('Institution H43020200001 in region 430202 is outside your region 430100');
      expect(error.details).toEqual({ field: 'admdvs', scope: '430100', target: '430202' });
    });

    it('refuses a malformed scope or target the same way', () => {
      expect(catchDomainError(() => assertInScope('', '430102', 'Case 1')).code).toBe('FORBIDDEN.REGION');
      expect(catchDomainError(() => assertInScope('430000', 'x', 'Case 1')).details).toEqual({ field: 'admdvs', scope: '430000', target: 'x' });
    });
  });

  describe('scopeFilter', () => {
    it.each([
      ['430000', 'province', '43'],
      ['430100', 'city', '4301'],
      ['430102', 'county', '430102'],
      ['110100', 'city', '1101'],
    ] as const)('%s → %s prefix %s', (scope, level, prefix) => {
      expect(scopeFilter(scope)).toEqual({ level, prefix });
    });

    it('the prefix selects exactly what scopeContains admits', () => {
      const { prefix } = scopeFilter('430100');
      for (const target of ['430100', '430102', '430121', '430200', '430000', '440100']) {
        expect(target.startsWith(prefix)).toBe(scopeContains('430100', target));
      }
    });

    it.each([
      ['', 'must be exactly 6 digits'],
      ['43%', 'must be exactly 6 digits'],
      ['990000', 'unknown province code 99'],
      ['430012', 'county code with city digits 00 is malformed'],
    ])('refuses malformed scope %p with VALIDATION on field scope (%s)', (scope, reason) => {
      const error = catchDomainError(() => scopeFilter(scope));
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toMatchObject({ field: 'scope', reason });
    });

    it('refuses a non-string scope', () => {
      expect(catchDomainError(() => scopeFilter(430000 as unknown as string)).details).toMatchObject({ field: 'scope' });
    });
  });
});
