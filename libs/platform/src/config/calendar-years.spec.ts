import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILT_IN_CALENDAR_YEARS, defaultCalendar, DomainError, installCalendarYears, LocalDate } from '@mi/domain';
import { loadCalendarYears, warnIfCalendarEndsSoon } from './calendar-years';

/** A made-up year for the test only (not a real notice): New Year's Day off, one Sunday worked. */
const YEAR_2099 = { year: 2099, sources: ['test'], holidays: ['2099-01-01', '2099-01-02'], workdays: ['2099-01-04'] };

describe('operator-supplied calendar years', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'calendar-'));
  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  afterEach(() => installCalendarYears([]));

  it('installs the years of the file, so deadlines can reach into them', () => {
    const years = loadCalendarYears(write('ok.json', JSON.stringify([YEAR_2099])));
    expect(years).toContain(2099);
    const cal = defaultCalendar();
    expect(cal.isWorkingDay(LocalDate.parse('2099-01-02'))).toBe(false);
    expect(cal.isWorkingDay(LocalDate.parse('2099-01-04'))).toBe(true);
    expect(cal.isConfigured(2026)).toBe(true);
  });

  it('refuses a bad file naming the path, and leaves the calendar as it was', () => {
    const before = defaultCalendar().configuredYears;
    expect(() => loadCalendarYears(write('bad.json', '{not json'))).toThrow(/CALENDAR_YEARS_FILE|cannot read/);
    let error: unknown;
    try {
      loadCalendarYears(write('weekday-worked.json', JSON.stringify({ ...YEAR_2099, workdays: ['2099-01-05'] })));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(String((error as DomainError).details.field)).toMatch(/^CALENDAR_YEARS_FILE\[0\]/);
    expect(defaultCalendar().configuredYears).toEqual(before);
  });

  it('warns when deadlines will soon reach a year without data, and not before', () => {
    const last = BUILT_IN_CALENDAR_YEARS[BUILT_IN_CALENDAR_YEARS.length - 1].year;
    const warnings: unknown[] = [];
    const log = { warn: (m: unknown) => warnings.push(m) } as never;
    expect(warnIfCalendarEndsSoon(new Date(`${last}-06-01T00:00:00Z`), log)).toBeUndefined();
    expect(warnIfCalendarEndsSoon(new Date(`${last}-12-01T00:00:00Z`), log)).toContain(String(last + 1));
    expect(warnings).toHaveLength(1);
  });
});
