import type { CalendarYearData } from './calendar-year-data';
import { WorkingDayCalendar } from './working-day-calendar';
import { YEAR_2019 } from './data/year-2019.data';
import { YEAR_2020 } from './data/year-2020.data';
import { YEAR_2021 } from './data/year-2021.data';
import { YEAR_2022 } from './data/year-2022.data';
import { YEAR_2023 } from './data/year-2023.data';
import { YEAR_2024 } from './data/year-2024.data';
import { YEAR_2025 } from './data/year-2025.data';
import { YEAR_2026 } from './data/year-2026.data';

/** The national holiday arrangements shipped with the platform, 2019–2026. */
export const BUILT_IN_CALENDAR_YEARS: readonly CalendarYearData[] = [YEAR_2019, YEAR_2020, YEAR_2021, YEAR_2022, YEAR_2023, YEAR_2024, YEAR_2025, YEAR_2026];

/**
 * The platform's calendar: the built-in years 2019–2026 plus any installed with
 * {@link installCalendarYears} (each process does that at boot from `CALENDAR_YEARS_FILE`, so an
 * operator adds the 2027 notice without a release).
 */
export function defaultCalendar(): WorkingDayCalendar {
  current ??= new WorkingDayCalendar(BUILT_IN_CALENDAR_YEARS);
  return current;
}

/**
 * Adds years to the platform's calendar (a given year replaces the built-in one — an amended
 * notice). Each year is validated first; on a bad one nothing changes. Returns the configured years.
 */
export function installCalendarYears(years: readonly CalendarYearData[]): number[] {
  let next = new WorkingDayCalendar(BUILT_IN_CALENDAR_YEARS);
  for (const y of years) next = next.withYear(y);
  current = next;
  return next.configuredYears;
}

/** Immutable, so one shared instance is safe; replaced whole by {@link installCalendarYears}. */
let current: WorkingDayCalendar | undefined;
