/**
 * One year of the national holiday arrangement (国务院办公厅关于…年部分节假日安排的通知) as plain,
 * JSON-able data, so an operator can add next year's notice without a release
 * (`WorkingDayCalendar#withYear`).
 *
 * - `holidays`: every date the notice names as 放假 (ranges expanded, weekends inside a range
 *   included). A day the notice only says is "joined with the weekend" (与周末连休) is listed
 *   alone; the weekend is a rest day anyway.
 * - `workdays`: adjusted working days (调休上班) — always a Saturday or Sunday.
 * - Only dates inside `year`. A notice date that falls in the neighbouring year (the 2023 New
 *   Year break began on 2022-12-31) belongs to that year's data.
 */
export interface CalendarYearData {
  readonly year: number;
  /** Document numbers of the notices followed, e.g. `国办发明电〔2023〕7号`. */
  readonly sources: readonly string[];
  /** `yyyy-MM-dd` dates off work (法定节假日及调休放假日). */
  readonly holidays: readonly string[];
  /** `yyyy-MM-dd` weekend dates worked (调休上班日). */
  readonly workdays: readonly string[];
  /** Anything a reader of the data should know. */
  readonly note?: string;
}
