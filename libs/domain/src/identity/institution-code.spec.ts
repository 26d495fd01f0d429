import { catchDomainError } from '../errors/catch-domain-error.testing';
import { InstitutionCode } from './institution-code';

describe('InstitutionCode', () => {
  it('reads a hospital code', () => {
    const sut = InstitutionCode.parse('H43010200001');
    expect(sut.kind).toBe('hospital');
    expect(sut.admdvs.code).toBe('430102');
    expect(sut.admdvs.poolingRegion().code).toBe('430100');
    expect(sut.serial).toBe('00001');
    expect(JSON.stringify(sut)).toBe('"H43010200001"');
  });

  it('reads a pharmacy code and normalises the letter', () => {
    const sut = InstitutionCode.parse('p35020300123');
    expect(sut.value).toBe('P35020300123');
    expect(sut.kind).toBe('pharmacy');
    expect(sut.admdvs.code).toBe('350203');
    expect(sut.equals(InstitutionCode.parse('P35020300123'))).toBe(true);
  });

  it.each([
    [43010200001, 'must be a string such as H43010200001'],
    ['H4301020000', 'must be H or P followed by 11 digits'],
    ['H430102000011', 'must be H or P followed by 11 digits'],
    ['X43010200001', 'must be H or P followed by 11 digits'],
    ['43010200001H', 'must be H or P followed by 11 digits'],
    [' H43010200001', 'must be H or P followed by 11 digits'],
    ['H99010200001', 'characters 2–7 are not a valid admdvs: unknown province code 99'],
    ['H43001200001', 'characters 2–7 are not a valid admdvs: county code with city digits 00 is malformed'],
  ])('refuses %p (%s)', (value, reason) => {
    const error = catchDomainError(() => InstitutionCode.parse(value));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('fixmedins_code');
    expect(error.details.reason).toBe(reason);
  });
});
