import { catchDomainError } from '../errors/catch-domain-error.testing';
import { LocalDate } from './local-date';

describe('LocalDate', () => {
  it('parses yyyy-MM-dd and prints it back', () => {
    const sut = LocalDate.parse('2024-02-29');
    expect([sut.year, sut.month, sut.day]).toEqual([2024, 2, 29]);
    expect(sut.toString()).toBe('2024-02-29');
    expect(JSON.stringify({ d: sut })).toBe('{"d":"2024-02-29"}');
    expect(LocalDate.parse(sut)).toBe(sut);
    expect(LocalDate.of(1, 1, 1).toString()).toBe('0001-01-01');
  });

  it.each([
    ['2023-02-29', 'day must be an integer between 1 and 28 for 2023-02'],
    ['1900-02-29', 'day must be an integer between 1 and 28 for 1900-02'],
    ['2024-04-31', 'day must be an integer between 1 and 30 for 2024-04'],
    ['2024-13-01', 'month must be an integer between 1 and 12'],
    ['2024-00-10', 'month must be an integer between 1 and 12'],
    ['2024-01-00', 'day must be an integer between 1 and 31 for 2024-01'],
    ['0000-01-01', 'year must be an integer between 1 and 9999'],
    ['2024-1-01', 'must have the form yyyy-MM-dd'],
    ['20240101', 'must have the form yyyy-MM-dd'],
    ['2024-01-01T00:00:00Z', 'must have the form yyyy-MM-dd'],
    [' 2024-01-01', 'must have the form yyyy-MM-dd'],
    ['', 'must have the form yyyy-MM-dd'],
    [20240101, 'must be a date string yyyy-MM-dd'],
    [null, 'must be a date string yyyy-MM-dd'],
  ])('refuses %p', (value, reason) => {
    const error = catchDomainError(() => LocalDate.parse(value, 'brdy'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('brdy');
    expect(error.details.reason).toBe(reason);
  });

  it('accepts the Gregorian leap rules', () => {
    expect(LocalDate.parse('2000-02-29').isLeapYear()).toBe(true);
    expect(LocalDate.parse('2100-03-01').isLeapYear()).toBe(false);
  });

  it('counts epoch days both ways', () => {
    expect(LocalDate.parse('1970-01-01').toEpochDay()).toBe(0);
    expect(LocalDate.parse('1969-12-31').toEpochDay()).toBe(-1);
    expect(LocalDate.parse('2000-03-01').toEpochDay()).toBe(11017);
    expect(LocalDate.fromEpochDay(19782).toString()).toBe('2024-02-29');
    const mismatches: number[] = [];
    for (let day = -719_162; day < 2_932_897; day += 997) {
      if (LocalDate.fromEpochDay(day).toEpochDay() !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
    expect(LocalDate.fromEpochDay(-719_162).toString()).toBe('0001-01-01');
  });

  it('agrees with the platform Date for every day of 1899–2101', () => {
    const mismatches: string[] = [];
    let date = LocalDate.parse('1899-01-01');
    for (let ms = Date.UTC(1899, 0, 1); ms < Date.UTC(2101, 0, 1); ms += 86_400_000) {
      const expected = new Date(ms).toISOString().slice(0, 10);
      if (date.toString() !== expected || date.dayOfWeek !== (new Date(ms).getUTCDay() || 7)) mismatches.push(expected);
      date = date.plusDays(1);
    }
    expect(mismatches).toEqual([]);
  });

  it('adds and subtracts days across months and years', () => {
    expect(LocalDate.parse('2023-12-31').plusDays(1).toString()).toBe('2024-01-01');
    expect(LocalDate.parse('2024-02-28').plusDays(1).toString()).toBe('2024-02-29');
    expect(LocalDate.parse('2024-03-01').minusDays(1).toString()).toBe('2024-02-29');
    expect(LocalDate.parse('2024-01-01').plusDays(366).toString()).toBe('2025-01-01');
    expect(LocalDate.parse('2024-01-01').plusDays(-1).toString()).toBe('2023-12-31');
    expect(LocalDate.parse('2024-01-01').daysUntil(LocalDate.parse('2024-03-01'))).toBe(60);
    const error = catchDomainError(() => LocalDate.parse('2024-01-01').plusDays(1.5));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('days');
  });

  it('refuses to leave years 1–9999', () => {
    const error = catchDomainError(() => LocalDate.parse('9999-12-31').plusDays(1));
    expect(error.code).toBe('DATE.OUT_OF_RANGE');
    expect(error.details.epochDay).toBe(2_932_897);
  });

  it('knows the ISO day of week', () => {
    expect(LocalDate.parse('1970-01-01').dayOfWeek).toBe(4);
    expect(LocalDate.parse('2024-10-01').dayOfWeek).toBe(2);
    expect(LocalDate.parse('2024-10-05').dayOfWeek).toBe(6);
    expect(LocalDate.parse('2024-10-06').dayOfWeek).toBe(7);
    expect(LocalDate.parse('1969-12-29').dayOfWeek).toBe(1);
    expect(LocalDate.parse('2024-10-05').isWeekend()).toBe(true);
    expect(LocalDate.parse('2024-10-04').isWeekend()).toBe(false);
  });

  it('compares', () => {
    const a = LocalDate.parse('2024-01-01');
    const b = LocalDate.parse('2024-01-02');
    expect(a.isBefore(b) && b.isAfter(a) && !a.isAfter(b)).toBe(true);
    expect(a.equals(LocalDate.of(2024, 1, 1))).toBe(true);
    expect(a.compareTo(b)).toBeLessThan(0);
    expect([b, a].sort(LocalDate.compare)).toEqual([a, b]);
  });

  it('reads an instant in Asia/Shanghai (UTC+8), whatever the host zone', () => {
    expect(LocalDate.fromInstant(new Date('2024-09-30T15:59:59.999Z')).toString()).toBe('2024-09-30');
    expect(LocalDate.fromInstant(new Date('2024-09-30T16:00:00.000Z')).toString()).toBe('2024-10-01');
    expect(LocalDate.fromInstant(new Date('1969-12-31T16:00:00Z')).toString()).toBe('1970-01-01');
    expect(LocalDate.parse('2024-10-01').startOfDayInstant().toISOString()).toBe('2024-09-30T16:00:00.000Z');
    const error = catchDomainError(() => LocalDate.fromInstant(new Date(Number.NaN), 'setl_time'));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.field).toBe('setl_time');
  });
});
