import { DomainError } from '../errors/domain-error';
import { catchDomainError } from '../errors/catch-domain-error.testing';
import { Admdvs } from './admdvs';

describe('Admdvs', () => {
  describe('parse', () => {
    it.each([
      ['430000', 'province'],
      ['430100', 'city'],
      ['430102', 'county'],
      ['110000', 'province'],
      ['110100', 'city'],
      ['110105', 'county'],
      ['820000', 'province'],
      ['500000', 'province'],
    ] as const)('reads %s as a %s', (code, level) => {
      const sut = Admdvs.parse(code);
      expect(sut.code).toBe(code);
      expect(sut.level).toBe(level);
    });

    it('accepts a number, since NHSA clients send either', () => {
      expect(Admdvs.parse(430102).code).toBe('430102');
    });

    it.each([
      ['000000', 'unknown province code 00'],
      ['100000', 'unknown province code 10'],
      ['830000', 'unknown province code 83'],
      ['990000', 'unknown province code 99'],
      ['43010', 'must be exactly 6 digits'],
      ['4301020', 'must be exactly 6 digits'],
      [' 430102', 'must be exactly 6 digits'],
      ['43010a', 'must be exactly 6 digits'],
      ['', 'must be exactly 6 digits'],
      ['430012', 'county code with city digits 00 is malformed'],
      [4301.5, 'must be a 6-digit region code'],
      [null, 'must be a 6-digit region code (string or number)'],
      [undefined, 'must be a 6-digit region code (string or number)'],
    ])('refuses %p (%s)', (value, reason) => {
      const error = catchDomainError(() => Admdvs.parse(value, 'input.data.admdvs'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('input.data.admdvs');
      expect(error.details.reason).toBe(reason);
    });

    it('names the default field admdvs', () => {
      expect(catchDomainError(() => Admdvs.parse('1')).details.field).toBe('admdvs');
    });

    it('isValid mirrors parse', () => {
      expect(Admdvs.isValid('430102')).toBe(true);
      expect(Admdvs.isValid('000000')).toBe(false);
    });
  });

  describe('hierarchy', () => {
    const province = Admdvs.parse('430000');
    const city = Admdvs.parse('430100');
    const county = Admdvs.parse('430102');

    it('parent: county → city → province → null', () => {
      expect(county.parent()?.code).toBe('430100');
      expect(city.parent()?.code).toBe('430000');
      expect(province.parent()).toBeNull();
    });

    it('province() and city()', () => {
      expect(county.province().code).toBe('430000');
      expect(county.city()?.code).toBe('430100');
      expect(city.city()).toBe(city);
      expect(province.province()).toBe(province);
      expect(province.city()).toBeNull();
    });

    it('poolingRegion is the city', () => {
      expect(county.poolingRegion().code).toBe('430100');
      expect(city.poolingRegion().code).toBe('430100');
    });

    it('a province has no pooling region', () => {
      const error = catchDomainError(() => province.poolingRegion());
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('ADMDVS.NO_POOLING_REGION');
      expect(error.details.field).toBe('admdvs');
    });

    it('contains: province ⊇ its cities and counties, city ⊇ its counties, each ⊇ itself', () => {
      expect(province.contains(city)).toBe(true);
      expect(province.contains(county)).toBe(true);
      expect(province.contains(province)).toBe(true);
      expect(city.contains(county)).toBe(true);
      expect(city.contains(city)).toBe(true);
      expect(county.contains(county)).toBe(true);
    });

    it('contains is not upward nor sideways', () => {
      expect(city.contains(province)).toBe(false);
      expect(county.contains(city)).toBe(false);
      expect(city.contains(Admdvs.parse('430202'))).toBe(false);
      expect(province.contains(Admdvs.parse('440100'))).toBe(false);
      expect(county.contains(Admdvs.parse('430103'))).toBe(false);
    });

    it('municipalities use the xx0100 rule', () => {
      const dongcheng = Admdvs.parse('110101');
      expect(dongcheng.isMunicipality()).toBe(true);
      expect(dongcheng.poolingRegion().code).toBe('110100');
      expect(Admdvs.parse('500200').level).toBe('city');
      expect(Admdvs.parse('430100').isMunicipality()).toBe(false);
    });
  });

  it('equals, toString and JSON', () => {
    expect(Admdvs.parse('430102').equals(Admdvs.parse(430102))).toBe(true);
    expect(String(Admdvs.parse('430102'))).toBe('430102');
    expect(JSON.stringify({ a: Admdvs.parse('430102') })).toBe('{"a":"430102"}');
  });
});
