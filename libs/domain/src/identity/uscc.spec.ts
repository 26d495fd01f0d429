import { catchDomainError } from '../errors/catch-domain-error.testing';
import { Uscc, usccCheckChar } from './uscc';

// Codes of registered companies (public business-licence data), check characters verified
// independently of this implementation.
const VALID = [
  '91350200776049653A',
  '91350500798359476R',
  '91440101MA5CJQ4N59',
  '913502000728319549',
  '9135021359498494XQ',
  '91350213678251743X',
  '123502001549897397',
];

describe('Uscc', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(Uscc.parse(code).value).toBe(code);
  });

  it('exposes the parts', () => {
    const sut = Uscc.parse('91440101MA5CJQ4N59');
    expect(sut.registrationAuthority).toBe('9');
    expect(sut.organisationType).toBe('1');
    expect(sut.registrationRegionCode).toBe('440101');
    expect(sut.organisationCode).toBe('MA5CJQ4N5');
    expect(String(sut)).toBe('91440101MA5CJQ4N59');
    expect(JSON.stringify(sut)).toBe('"91440101MA5CJQ4N59"');
  });

  it('normalises lower case', () => {
    expect(Uscc.parse('91440101ma5cjq4n59').value).toBe('91440101MA5CJQ4N59');
  });

  it('maps a computed check value of 31 to 0', () => {
    // body chosen so that Σ mod 31 = 0
    let found: string | undefined;
    for (let n = 0; n < 100000 && found === undefined; n += 1) {
      const body = `91430100${String(n).padStart(9, '0')}`;
      if (usccCheckChar(body) === '0') found = body;
    }
    expect(found).toBeDefined();
    expect(Uscc.parse(`${String(found)}0`).value.endsWith('0')).toBe(true);
  });

  it.each([
    [123, 'must be an 18-character string'],
    ['91350200776049653', 'must be 18 characters long'],
    ['91350200776049653AA', 'must be 18 characters long'],
    ['91350200776049653I', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['9135020077604965OA', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['91350200776049S53A', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['91350200776049V53A', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['91350200776049Z53A', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['9135020077604965-A', 'contains a character outside 0-9 A-H J-N P-R T U W-Y'],
    ['913502A0776049653A', 'characters 3–8 must be the 6-digit region code'],
    ['91350200776049653B', 'check character does not match (GB 32100)'],
    ['91350203M0001QAY9B', 'check character does not match (GB 32100)'],
  ])('refuses %p (%s)', (value, reason) => {
    const error = catchDomainError(() => Uscc.parse(value, 'uscc_code'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('uscc_code');
    expect(error.details.reason).toBe(reason);
  });

  it('usccCheckChar refuses a bad body', () => {
    const error = catchDomainError(() => usccCheckChar('9135020077604965'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('uscc');
  });
});
