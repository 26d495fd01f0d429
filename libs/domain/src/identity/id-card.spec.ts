import { LocalDate } from '../calendar/local-date';
import { catchDomainError } from '../errors/catch-domain-error.testing';
import { IdCard, idCardCheckChar, maskIdNumber } from './id-card';

const d = (s: string): LocalDate => LocalDate.parse(s);

describe('IdCard', () => {
  describe('parse', () => {
    it('reads the GB 11643 example number (X check character)', () => {
      const sut = IdCard.parse('11010519491231002X');
      expect(sut.value).toBe('11010519491231002X');
      expect(sut.birthDate.toString()).toBe('1949-12-31');
      expect(sut.gender).toBe('2');
      expect(sut.regionCode).toBe('110105');
    });

    it('derives male from an odd 17th digit', () => {
      const sut = IdCard.parse('430102199003071234');
      expect(sut.gender).toBe('1');
      expect(sut.birthDate.toString()).toBe('1990-03-07');
    });

    it('normalises a lower-case x', () => {
      expect(IdCard.parse('11010519491231002x').value).toBe('11010519491231002X');
    });

    it('accepts 29 February in a leap year, 1900-01-01 and HK/Macao/Taiwan residence permits', () => {
      expect(IdCard.parse('430102200002291230').birthDate.toString()).toBe('2000-02-29');
      expect(IdCard.parse('430102190001010023').birthDate.toString()).toBe('1900-01-01');
      expect(IdCard.parse('830000199003071230').regionCode).toBe('830000');
      expect(IdCard.parse('810000199003071245').gender).toBe('2');
    });

    it('accepts a birth date equal to today', () => {
      expect(IdCard.parse('430102202406161239', 'certno', { today: d('2024-06-16') }).birthDate.toString()).toBe('2024-06-16');
    });

    it.each([
      [4301021990, 'must be an 18-character ID number string'],
      [null, 'must be an 18-character ID number string'],
      ['43010219900307123', 'must be 18 characters long'],
      ['4301021990030712345', 'must be 18 characters long'],
      ['430102900307123', 'must be 18 characters long'],
      ['43010219900307123Y', 'must be 17 digits followed by a digit or X'],
      ['4301021990030712X4', 'must be 17 digits followed by a digit or X'],
      [' 43010219900307123', 'must be 17 digits followed by a digit or X'],
      ['990102199003071233', 'region prefix is not a known province code'],
      ['430102199902291240', 'birth date (characters 7–14) is not a valid calendar date'],
      ['430102190013011234', 'birth date (characters 7–14) is not a valid calendar date'],
      ['430102202504311237', 'birth date (characters 7–14) is not a valid calendar date'],
      ['430102189912311232', 'birth date is before 1900-01-01'],
      ['430102199003071235', 'check character does not match (ISO 7064 MOD 11-2)'],
      ['11010519491231002', 'must be 18 characters long'],
      ['110105194912310021', 'check character does not match (ISO 7064 MOD 11-2)'],
    ])('refuses %p (%s)', (value, reason) => {
      const error = catchDomainError(() => IdCard.parse(value, 'patient_dtos[0].certno'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('patient_dtos[0].certno');
      expect(error.details.reason).toBe(reason);
    });

    it('refuses a birth date after today when today is given', () => {
      const error = catchDomainError(() => IdCard.parse('430102203001011237', undefined, { today: d('2026-08-01') }));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('certno');
      expect(error.details.reason).toBe('birth date is in the future');
      expect(IdCard.parse('430102203001011237').birthDate.year).toBe(2030);
    });

    it('never puts the number into the error', () => {
      const number = '430102199003071235';
      const error = catchDomainError(() => IdCard.parse(number));
      const text = `${error.message} ${JSON.stringify(error)}`;
      expect(text).not.toContain(number);
      expect(text).not.toContain('19900307');
    });
  });

  describe('ageOn', () => {
    const sut = IdCard.parse('430102199003071234'); // born 1990-03-07

    it.each([
      ['1990-03-07', 0],
      ['2024-03-06', 33],
      ['2024-03-07', 34],
      ['2024-12-31', 34],
    ])('on %s is %i', (date, age) => {
      expect(sut.ageOn(d(date))).toBe(age);
    });

    it('for a 29 February birthday, the birthday counts from 1 March in common years', () => {
      const leapling = IdCard.parse('430102200002291230');
      expect(leapling.ageOn(d('2001-02-28'))).toBe(0);
      expect(leapling.ageOn(d('2001-03-01'))).toBe(1);
      expect(leapling.ageOn(d('2004-02-29'))).toBe(4);
    });

    it('refuses a date before birth', () => {
      const error = catchDomainError(() => sut.ageOn(d('1990-03-06'), 'setl_time'));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('setl_time');
    });
  });

  it('masks: first 4, asterisks, last 4; toString is masked, JSON is full', () => {
    const sut = IdCard.parse('430102199003071234');
    expect(sut.masked()).toBe('4301**********1234');
    expect(String(sut)).toBe('4301**********1234');
    expect(JSON.stringify(sut)).toBe('"430102199003071234"');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('idCardCheckChar computes ISO 7064 MOD 11-2 and refuses non-digits', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('43010219900307123')).toBe('4');
    const error = catchDomainError(() => idCardCheckChar('4301021990030712'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('certno');
  });

  it('equals by value', () => {
    expect(IdCard.parse('11010519491231002x').equals(IdCard.parse('11010519491231002X'))).toBe(true);
  });
});
