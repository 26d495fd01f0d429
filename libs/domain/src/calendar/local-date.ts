import { DomainError, ValidationError } from '../errors/domain-error';

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export type IsoDayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * China Standard Time is UTC+8 all year: the People's Republic has observed no daylight saving
 * time since 1991, so a fixed offset is exact for every date the platform deals with.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "days_from_civil"). */
function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link epochDayOf} ("civil_from_days"). */
function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/**
 * 日期 — a calendar date without time or zone (a business date in Asia/Shanghai), e.g. a
 * deadline, a birth date, a settlement day. Immutable; years 0001–9999, proleptic Gregorian.
 *
 * Use {@link LocalDate.fromInstant} to turn an instant (from the Clock port) into the business
 * date in China; never read the host time zone.
 */
export class LocalDate {
  private constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    private readonly epochDay: number,
  ) {}

  /** Builds a date from its parts; refuses impossible dates such as 2023-02-29. */
  static of(year: number, month: number, day: number, field = 'date'): LocalDate {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new ValidationError(field, `year must be an integer between ${MIN_YEAR} and ${MAX_YEAR}`);
    }
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      throw new ValidationError(field, 'month must be an integer between 1 and 12');
    }
    const max = daysInMonth(year, month);
    if (!Number.isInteger(day) || day < 1 || day > max) {
      throw new ValidationError(field, `day must be an integer between 1 and ${max} for ${year}-${pad2(month)}`);
    }
    return new LocalDate(year, month, day, epochDayOf(year, month, day));
  }

  /** Parses exactly `yyyy-MM-dd` (ISO 8601 calendar date, the NHSA `date` type). */
  static parse(value: unknown, field = 'date'): LocalDate {
    if (value instanceof LocalDate) return value;
    if (typeof value !== 'string') throw new ValidationError(field, 'must be a date string yyyy-MM-dd');
    const match = ISO_DATE.exec(value);
    if (!match) throw new ValidationError(field, 'must have the form yyyy-MM-dd');
    return LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3]), field);
  }

  /** The date with the given number of days since 1970-01-01. */
  static fromEpochDay(epochDay: number): LocalDate {
    if (!Number.isSafeInteger(epochDay)) {
      throw new DomainError('DATE.OUT_OF_RANGE', 'epoch day must be a safe integer', { epochDay });
    }
    const [year, month, day] = civilOf(epochDay);
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new DomainError('DATE.OUT_OF_RANGE', `date outside years ${MIN_YEAR}–${MAX_YEAR}`, { epochDay });
    }
    return new LocalDate(year, month, day, epochDay);
  }

  /** The business date in Asia/Shanghai (UTC+8, no DST) at the given instant. */
  static fromInstant(instant: Date, field = 'instant'): LocalDate {
    const ms = instant.getTime();
    if (!Number.isFinite(ms)) throw new ValidationError(field, 'must be a valid instant');
    return LocalDate.fromEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
  }

  /** Negative if `a` is before `b`, zero if equal, positive if after (for `Array#sort`; safe to pass unbound). */
  static readonly compare = (a: LocalDate, b: LocalDate): number => a.epochDay - b.epochDay;

  /** Days since 1970-01-01 (negative before). */
  toEpochDay(): number {
    return this.epochDay;
  }

  plusDays(days: number): LocalDate {
    if (!Number.isSafeInteger(days)) throw new ValidationError('days', 'must be an integer');
    return LocalDate.fromEpochDay(this.epochDay + days);
  }

  minusDays(days: number): LocalDate {
    if (!Number.isSafeInteger(days)) throw new ValidationError('days', 'must be an integer');
    return LocalDate.fromEpochDay(this.epochDay - days);
  }

  /** Calendar days from this date to `other` (positive when `other` is later). */
  daysUntil(other: LocalDate): number {
    return other.epochDay - this.epochDay;
  }

  /** ISO day of week, 1 = Monday … 7 = Sunday. */
  get dayOfWeek(): IsoDayOfWeek {
    // 1970-01-01 was a Thursday (4).
    return (((((this.epochDay + 3) % 7) + 7) % 7) + 1) as IsoDayOfWeek;
  }

  /** Saturday or Sunday (before any 调休 adjustment; see WorkingDayCalendar). */
  isWeekend(): boolean {
    return this.dayOfWeek >= 6;
  }

  isLeapYear(): boolean {
    return isLeapYear(this.year);
  }

  compareTo(other: LocalDate): number {
    return this.epochDay - other.epochDay;
  }

  equals(other: LocalDate): boolean {
    return this.epochDay === other.epochDay;
  }

  isBefore(other: LocalDate): boolean {
    return this.epochDay < other.epochDay;
  }

  isAfter(other: LocalDate): boolean {
    return this.epochDay > other.epochDay;
  }

  /** The instant at 00:00 of this date in Asia/Shanghai. */
  startOfDayInstant(): Date {
    return new Date(this.epochDay * MS_PER_DAY - SHANGHAI_OFFSET_MS);
  }

  /** `yyyy-MM-dd`. */
  toString(): string {
    return `${String(this.year).padStart(4, '0')}-${pad2(this.month)}-${pad2(this.day)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
