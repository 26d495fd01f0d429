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
 * A calendar with the built-in years 2019–2026. Add a year from data (e.g. the 2027 notice,
 * stored by an operator) with `defaultCalendar().withYear(data)`.
 */
export function defaultCalendar(): WorkingDayCalendar {
  builtIn ??= new WorkingDayCalendar(BUILT_IN_CALENDAR_YEARS);
  return builtIn;
}

/** Immutable, so one shared instance is safe. */
let builtIn: WorkingDayCalendar | undefined;
