import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { type CalendarYearData, defaultCalendar, installCalendarYears, LocalDate, parseCalendarYearData, ValidationError } from '@mi/domain';

/** How far ahead a missing holiday arrangement is warned about: stage deadlines reach a few weeks out. */
export const CALENDAR_HORIZON_DAYS = 60;

/**
 * Reads the holiday arrangements an operator added (`CALENDAR_YEARS_FILE`: one year object or an
 * array of them, in the {@link CalendarYearData} shape) and installs them in the platform's
 * working-day calendar. A bad file stops the boot, naming the path — deadlines on a wrong calendar
 * would be wrong legal deadlines.
 */
export function loadCalendarYears(file: string): number[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ValidationError('CALENDAR_YEARS_FILE', `cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const years: CalendarYearData[] = list.map((y, i) => parseCalendarYearData(y, `CALENDAR_YEARS_FILE[${i}]`));
  return installCalendarYears(years);
}

/** Logs a warning when the calendar has no data for a year that deadlines will soon reach. */
export function warnIfCalendarEndsSoon(now: Date, log = new Logger('Calendar')): string | undefined {
  const horizon = LocalDate.fromInstant(now).plusDays(CALENDAR_HORIZON_DAYS);
  if (defaultCalendar().isConfigured(horizon.year)) return undefined;
  const message =
    `no holiday arrangement configured for ${horizon.year}: working-day deadlines reaching into ${horizon.year} stay open (no due date) ` +
    `until the State Council notice is added as JSON to CALENDAR_YEARS_FILE`;
  log.warn({ msg: message, configuredYears: defaultCalendar().configuredYears });
  return message;
}
