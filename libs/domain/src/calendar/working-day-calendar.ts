import { DomainError, ValidationError } from '../errors/domain-error';
import type { CalendarYearData } from './calendar-year-data';
import { LocalDate } from './local-date';

interface YearIndex {
  readonly data: CalendarYearData;
  /** Epoch days of holidays and adjusted working days. */
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
}

function validateDates(values: unknown, year: number, field: string): LocalDate[] {
  if (!Array.isArray(values)) throw new ValidationError(field, 'must be an array of yyyy-MM-dd dates');
  const seen = new Set<number>();
  return values.map((value: unknown, i) => {
    const itemField = `${field}[${i}]`;
    const date = LocalDate.parse(value, itemField);
    if (date.year !== year) throw new ValidationError(itemField, `is not in ${year}`);
    if (seen.has(date.toEpochDay())) throw new ValidationError(itemField, `${date.toString()} is listed twice`);
    seen.add(date.toEpochDay());
    return date;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Validates untrusted (e.g. operator-supplied JSON) year data and keeps a frozen, normalised copy. */
function indexYear(input: unknown, field: string): YearIndex {
  if (!isRecord(input)) throw new ValidationError(field, 'must be a calendar year object');
  const { year, sources, note } = input;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9999) {
    throw new ValidationError(`${field}.year`, 'must be an integer year');
  }
  if (!Array.isArray(sources) || sources.length === 0 || sources.some((source: unknown) => typeof source !== 'string' || source.trim() === '')) {
    throw new ValidationError(`${field}.sources`, 'must list the notices the data follows (non-empty strings)');
  }
  if (note !== undefined && typeof note !== 'string') throw new ValidationError(`${field}.note`, 'must be a string');
  const holidays = validateDates(input.holidays, year, `${field}.holidays`);
  const workdays = validateDates(input.workdays, year, `${field}.workdays`);
  const holidaySet = new Set(holidays.map((d) => d.toEpochDay()));
  workdays.forEach((date, i) => {
    const itemField = `${field}.workdays[${i}]`;
    if (!date.isWeekend()) {
      throw new ValidationError(itemField, `${date.toString()} is a weekday; an adjusted working day must be a Saturday or Sunday`);
    }
    if (holidaySet.has(date.toEpochDay())) {
      throw new ValidationError(itemField, `${date.toString()} is listed both as holiday and as working day`);
    }
  });
  const data: CalendarYearData = Object.freeze({
    year,
    sources: Object.freeze(sources.map(String)),
    holidays: Object.freeze(holidays.map((d) => d.toString())),
    workdays: Object.freeze(workdays.map((d) => d.toString())),
    ...(note === undefined ? {} : { note }),
  });
  return { data, holidays: holidaySet, workdays: new Set(workdays.map((d) => d.toEpochDay())) };
}

/**
 * Validates untyped year data (e.g. the 2027 notice entered by an operator as JSON) and returns
 * a frozen, normalised copy; refusals name the offending path under `field`.
 */
export function parseCalendarYearData(value: unknown, field = 'calendarYear'): CalendarYearData {
  return indexYear(value, field).data;
}

/**
 * 工作日历 — working days in mainland China (Asia/Shanghai): Monday to Friday, minus statutory
 * holidays and the weekdays given off in lieu (放假), plus the weekend days worked instead
 * (调休上班), all from {@link CalendarYearData} per year.
 *
 * A date in a year without data is refused with `CALENDAR.YEAR_NOT_CONFIGURED` — the calendar
 * never guesses, because a deadline computed on a wrong calendar is a wrong legal deadline.
 * Deadlines counted in plain "days" use `LocalDate#plusDays` instead.
 *
 * Immutable: {@link WorkingDayCalendar.withYear} returns a new calendar.
 */
export class WorkingDayCalendar {
  private readonly years: ReadonlyMap<number, YearIndex>;

  /** Validates every year (dates inside the year, no duplicates, adjusted working days on weekends, no date both ways). */
  constructor(years: readonly CalendarYearData[]) {
    const list: unknown = years;
    if (!Array.isArray(list)) throw new ValidationError('calendar', 'must be an array of calendar years');
    const map = new Map<number, YearIndex>();
    list.forEach((data: unknown, i: number) => {
      const index = indexYear(data, `calendar[${i}]`);
      if (map.has(index.data.year)) {
        throw new ValidationError(`calendar[${i}].year`, `${index.data.year} is configured twice`);
      }
      map.set(index.data.year, index);
    });
    this.years = map;
  }

  /** A calendar with `data` added, or replacing the same year (e.g. an amended notice). */
  withYear(data: CalendarYearData): WorkingDayCalendar {
    const others = [...this.years.values()].map((y) => y.data).filter((d) => d.year !== data.year);
    return new WorkingDayCalendar([...others, data]);
  }

  /** Configured years, ascending. */
  get configuredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** The data of a configured year (for display and audit). */
  yearData(year: number): CalendarYearData {
    return this.yearIndex(year).data;
  }

  isConfigured(year: number): boolean {
    return this.years.has(year);
  }

  /** 工作日 — a working day: a weekday not given off, or a weekend day worked in lieu. */
  isWorkingDay(date: LocalDate): boolean {
    const year = this.yearIndex(date.year);
    const day = date.toEpochDay();
    if (year.workdays.has(day)) return true;
    if (year.holidays.has(day)) return false;
    return !date.isWeekend();
  }

  /** 节假日 — a date the year's notice gives off (not ordinary weekends). */
  isHoliday(date: LocalDate): boolean {
    return this.yearIndex(date.year).holidays.has(date.toEpochDay());
  }

  /** 调休上班日 — a weekend date worked in lieu. */
  isAdjustedWorkday(date: LocalDate): boolean {
    return this.yearIndex(date.year).workdays.has(date.toEpochDay());
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let day = date.plusDays(1);
    while (!this.isWorkingDay(day)) day = day.plusDays(1);
    return day;
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    let day = date.minusDays(1);
    while (!this.isWorkingDay(day)) day = day.minusDays(1);
    return day;
  }

  /**
   * The `n`-th working day after `date`; `date` itself is never counted, working day or not.
   * "Within 10 working days of 2024-09-27" ends on `addWorkingDays(2024-09-27, 10)`.
   * `n = 0` returns `date` unchanged, so `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('n', 'must be a non-negative integer');
    let day = date;
    for (let i = 0; i < n; i += 1) day = this.nextWorkingDay(day);
    return day;
  }

  /**
   * Working days in the half-open range (from, to]: `from` is not counted, `to` is. Zero when
   * the dates are equal; negative (the count over (to, from]) when `to` is before `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    if (to.isBefore(from)) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }

  private yearIndex(year: number): YearIndex {
    const index = this.years.get(year);
    if (index === undefined) {
      throw new DomainError('CALENDAR.YEAR_NOT_CONFIGURED', `no holiday arrangement configured for ${year}`, {
        field: 'date',
        reason: `the working-day calendar has no data for ${year}`,
        year,
        configuredYears: this.configuredYears,
      });
    }
    return index;
  }
}
