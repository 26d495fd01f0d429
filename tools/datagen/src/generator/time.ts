import { LocalDate } from '@mi/domain';

/**
 * Dates are epoch days (days since 1970-01-01) of the Asia/Shanghai calendar; times are seconds
 * after local midnight. Formatting never goes through `Date`, so the output does not depend on the
 * machine's time zone.
 */
const dayText = new Map<number, string>();

export function epochDayOf(iso: string): number {
  return LocalDate.parse(iso, 'date').toEpochDay();
}

/** `yyyy-MM-dd`. */
export function formatDay(epochDay: number): string {
  let text = dayText.get(epochDay);
  if (text === undefined) {
    text = LocalDate.fromEpochDay(epochDay).toString();
    if (dayText.size < 200_000) dayText.set(epochDay, text);
  }
  return text;
}

/** `yyyy-MM-dd HH:mm:ss` (NHSA datetime, Asia/Shanghai). */
export function formatDateTime(epochDay: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${formatDay(epochDay)} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Civil date parts of an epoch day. */
export function civil(epochDay: number): { year: number; month: number; day: number } {
  const d = LocalDate.fromEpochDay(epochDay);
  return { year: d.year, month: d.month, day: d.day };
}

/** Whole years of age on `on` — the same reading as @mi/rules `ageInYears`. */
export function ageOn(birthDay: number, on: number): number {
  const b = civil(birthDay);
  const o = civil(on);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}

/** ISO day of week, 1 = Monday … 7 = Sunday. */
export function dayOfWeek(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}
