import { catchDomainError } from '../errors/catch-domain-error.testing';
import type { CalendarYearData } from './calendar-year-data';
import { defaultCalendar } from './default-calendar';
import { LocalDate } from './local-date';
import { parseCalendarYearData, WorkingDayCalendar } from './working-day-calendar';

const d = (s: string): LocalDate => LocalDate.parse(s);

/** Fictional operator-supplied data for a year the platform does not ship. */
const YEAR_2027_TEST: CalendarYearData = {
  year: 2027,
  sources: ['test data'],
  holidays: ['2027-01-01'],
  workdays: ['2027-01-02'],
};

describe('WorkingDayCalendar', () => {
  const sut = defaultCalendar();

  describe('isWorkingDay', () => {
    it.each([
      ['2024-09-27', true], // Friday
      ['2024-09-28', false], // Saturday
      ['2024-09-29', true], // Sunday worked (调休)
      ['2024-10-01', false], // National Day
      ['2024-10-04', false], // Friday given off
      ['2024-10-07', false], // Monday given off
      ['2024-10-08', true],
      ['2024-10-12', true], // Saturday worked
      ['2024-10-13', false],
    ])('%s → %s', (date, expected) => {
      expect(sut.isWorkingDay(d(date))).toBe(expected);
    });

    it('tells holidays and adjusted working days apart from ordinary weekends', () => {
      expect(sut.isHoliday(d('2024-10-05'))).toBe(true);
      expect(sut.isHoliday(d('2024-10-13'))).toBe(false);
      expect(sut.isAdjustedWorkday(d('2024-10-12'))).toBe(true);
      expect(sut.isAdjustedWorkday(d('2024-10-11'))).toBe(false);
    });
  });

  describe('nextWorkingDay / previousWorkingDay', () => {
    it('skips a golden week', () => {
      expect(sut.nextWorkingDay(d('2024-09-30')).toString()).toBe('2024-10-08');
      expect(sut.previousWorkingDay(d('2024-10-08')).toString()).toBe('2024-09-30');
    });

    it('lands on an adjusted Sunday', () => {
      expect(sut.nextWorkingDay(d('2024-09-27')).toString()).toBe('2024-09-29');
    });

    it('crosses a year boundary inside the data', () => {
      expect(sut.nextWorkingDay(d('2025-12-31')).toString()).toBe('2026-01-04'); // New Year off, Sunday 4 January worked
      expect(sut.nextWorkingDay(d('2026-01-04')).toString()).toBe('2026-01-05');
      expect(sut.nextWorkingDay(d('2026-01-02')).toString()).toBe('2026-01-04');
    });
  });

  describe('addWorkingDays', () => {
    it('is the n-th working day after the date, the date itself not counted', () => {
      expect(sut.addWorkingDays(d('2024-09-27'), 1).toString()).toBe('2024-09-29');
      expect(sut.addWorkingDays(d('2024-09-27'), 2).toString()).toBe('2024-09-30');
      expect(sut.addWorkingDays(d('2024-09-27'), 3).toString()).toBe('2024-10-08');
      expect(sut.addWorkingDays(d('2024-10-03'), 1).toString()).toBe('2024-10-08');
    });

    it('10 working days for a large manual claim submitted 2024-09-25', () => {
      expect(sut.addWorkingDays(d('2024-09-25'), 10).toString()).toBe('2024-10-14');
    });

    it('n = 0 returns the date unchanged, even a holiday', () => {
      expect(sut.addWorkingDays(d('2024-10-03'), 0).toString()).toBe('2024-10-03');
    });

    it.each([-1, 1.5, Number.NaN])('refuses n = %p', (n) => {
      const error = catchDomainError(() => sut.addWorkingDays(d('2024-10-03'), n));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('n');
    });

    it('30 working days (pharmacy payment deadline) across the 2025 Spring Festival', () => {
      expect(sut.addWorkingDays(d('2025-01-10'), 30).toString()).toBe('2025-02-27');
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days in (from, to]', () => {
      expect(sut.workingDaysBetween(d('2024-09-25'), d('2024-10-14'))).toBe(10);
      expect(sut.workingDaysBetween(d('2024-09-30'), d('2024-10-07'))).toBe(0);
      expect(sut.workingDaysBetween(d('2024-09-30'), d('2024-10-08'))).toBe(1);
      expect(sut.workingDaysBetween(d('2024-10-08'), d('2024-10-08'))).toBe(0);
    });

    it('is negative when to is before from', () => {
      expect(sut.workingDaysBetween(d('2024-10-14'), d('2024-09-25'))).toBe(-10);
    });

    it('inverts addWorkingDays', () => {
      const starts = ['2019-01-01', '2020-01-20', '2022-12-30', '2023-09-28', '2025-01-27', '2026-02-13'];
      for (const start of starts) {
        for (const n of [0, 1, 2, 5, 7, 10, 15, 30]) {
          const end = sut.addWorkingDays(d(start), n);
          expect(sut.workingDaysBetween(d(start), end)).toBe(n);
          expect(sut.isWorkingDay(end) || n === 0).toBe(true);
        }
      }
    });

    it('counts whole years', () => {
      expect(sut.workingDaysBetween(d('2023-12-31'), d('2024-12-31'))).toBe(251);
      expect(sut.workingDaysBetween(d('2024-12-31'), d('2025-12-31'))).toBe(248);
    });
  });

  describe('years without data', () => {
    it('refuses a date in an unconfigured year, naming the year', () => {
      const error = catchDomainError(() => sut.isWorkingDay(d('2018-12-31')));
      expect(error.code).toBe('CALENDAR.YEAR_NOT_CONFIGURED');
      expect(error.details.field).toBe('date');
      expect(error.details.year).toBe(2018);
      expect(error.message).toContain('2018');
    });

    it('never guesses past the data', () => {
      const error = catchDomainError(() => sut.addWorkingDays(d('2026-12-30'), 5));
      expect(error.code).toBe('CALENDAR.YEAR_NOT_CONFIGURED');
      expect(error.details.year).toBe(2027);
      expect(catchDomainError(() => sut.isHoliday(d('2027-01-01'))).details.year).toBe(2027);
      expect(catchDomainError(() => sut.workingDaysBetween(d('2026-12-01'), d('2027-01-05'))).details.year).toBe(2027);
    });

    it('withYear adds a year from data and leaves the original untouched', () => {
      const extended = sut.withYear(YEAR_2027_TEST);
      expect(extended.isWorkingDay(d('2027-01-01'))).toBe(false);
      expect(extended.isWorkingDay(d('2027-01-02'))).toBe(true);
      expect(extended.addWorkingDays(d('2026-12-31'), 1).toString()).toBe('2027-01-02');
      expect(extended.configuredYears).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
      expect(sut.isConfigured(2027)).toBe(false);
    });

    it('withYear replaces a year (amended notice)', () => {
      const amended = sut.withYear({ ...sut.yearData(2024), holidays: [...sut.yearData(2024).holidays, '2024-12-31'] });
      expect(amended.isWorkingDay(d('2024-12-31'))).toBe(false);
      expect(sut.isWorkingDay(d('2024-12-31'))).toBe(true);
    });
  });

  describe('data validation', () => {
    const base: CalendarYearData = { year: 2030, sources: ['test'], holidays: ['2030-01-01'], workdays: [] };

    it.each([
      [{ ...base, holidays: ['2030-01-01', '2031-01-01'] }, 'calendar[0].holidays[1]', 'is not in 2030'],
      [{ ...base, holidays: ['2030-01-01', '2030-01-01'] }, 'calendar[0].holidays[1]', '2030-01-01 is listed twice'],
      [{ ...base, holidays: ['2030-1-1'] }, 'calendar[0].holidays[0]', 'must have the form yyyy-MM-dd'],
      [{ ...base, holidays: ['2030-02-30'] }, 'calendar[0].holidays[0]', 'day must be an integer between 1 and 28 for 2030-02'],
      [{ ...base, workdays: ['2030-01-07'] }, 'calendar[0].workdays[0]', '2030-01-07 is a weekday; an adjusted working day must be a Saturday or Sunday'],
      [{ ...base, holidays: ['2030-01-05'], workdays: ['2030-01-05'] }, 'calendar[0].workdays[0]', '2030-01-05 is listed both as holiday and as working day'],
      [{ ...base, year: 2030.5 }, 'calendar[0].year', 'must be an integer year'],
      [{ ...base, sources: [] as string[] }, 'calendar[0].sources', 'must list the notices the data follows (non-empty strings)'],
      [{ ...base, sources: [''] }, 'calendar[0].sources', 'must list the notices the data follows (non-empty strings)'],
      [{ ...base, holidays: '2030-01-01' as unknown as string[] }, 'calendar[0].holidays', 'must be an array of yyyy-MM-dd dates'],
    ])('refuses bad year data (%#)', (data, field, reason) => {
      const error = catchDomainError(() => new WorkingDayCalendar([data]));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe(field);
      expect(error.details.reason).toBe(reason);
    });

    it('refuses a year configured twice', () => {
      const error = catchDomainError(() => new WorkingDayCalendar([base, { ...base }]));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('calendar[1].year');
    });

    it('withYear validates too', () => {
      const error = catchDomainError(() => sut.withYear({ ...base, workdays: ['2030-01-07'] }));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toMatch(/^calendar\[\d+\]\.workdays\[0\]$/);
    });

    it('accepts JSON round-tripped data through parseCalendarYearData', () => {
      const fromJson: unknown = JSON.parse(JSON.stringify(sut.yearData(2025)));
      const data = parseCalendarYearData(fromJson);
      expect(Object.isFrozen(data) && Object.isFrozen(data.holidays)).toBe(true);
      expect(new WorkingDayCalendar([data]).isWorkingDay(d('2025-02-08'))).toBe(true);
    });

    it.each([
      [null, 'calendarYear', 'must be a calendar year object'],
      ['2027', 'calendarYear', 'must be a calendar year object'],
      [{ ...base, note: 5 }, 'calendarYear.note', 'must be a string'],
      [{ ...base, year: '2030' }, 'calendarYear.year', 'must be an integer year'],
      [{ ...base, workdays: undefined }, 'calendarYear.workdays', 'must be an array of yyyy-MM-dd dates'],
    ])('parseCalendarYearData refuses %p', (value, field, reason) => {
      const error = catchDomainError(() => parseCalendarYearData(value));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe(field);
      expect(error.details.reason).toBe(reason);
    });

    it('keeps its own copy of the data', () => {
      const holidays = ['2030-01-01'];
      const calendar = new WorkingDayCalendar([{ ...base, holidays }]);
      holidays.push('2030-01-02');
      expect(calendar.isWorkingDay(d('2030-01-02'))).toBe(true);
      expect(calendar.yearData(2030).holidays).toEqual(['2030-01-01']);
    });

    it('refuses a non-array', () => {
      const error = catchDomainError(() => new WorkingDayCalendar({} as unknown as CalendarYearData[]));
      expect(error.code).toBe('VALIDATION');
      expect(error.details.field).toBe('calendar');
    });
  });

  it('defaultCalendar is shared and covers 2019–2026', () => {
    expect(defaultCalendar()).toBe(sut);
    expect(sut.configuredYears).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });
});
