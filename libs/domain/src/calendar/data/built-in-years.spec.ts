import { defaultCalendar } from '../default-calendar';
import { LocalDate } from '../local-date';

/**
 * Golden values transcribed from each year's State Council notice (国务院办公厅关于…年部分节假日
 * 安排的通知), independently of the data files: the Spring Festival, Labour Day and National Day
 * spans, every adjusted working day, and the year's totals.
 */
interface Golden {
  year: number;
  springFestival: [string, string];
  labourDay: [string, string];
  nationalDay: [string, string];
  adjustedWorkdays: string[];
  holidayCount: number;
  workingDays: number;
  /** Weekdays given off minus weekend days worked: 11 statutory days before 2025, 13 from 2025. */
  netDaysOff: number;
}

const GOLDEN: Golden[] = [
  {
    year: 2019,
    springFestival: ['2019-02-04', '2019-02-10'],
    labourDay: ['2019-05-01', '2019-05-04'],
    nationalDay: ['2019-10-01', '2019-10-07'],
    adjustedWorkdays: ['2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'],
    holidayCount: 22,
    workingDays: 250,
    netDaysOff: 11,
  },
  {
    year: 2020,
    springFestival: ['2020-01-24', '2020-02-02'],
    labourDay: ['2020-05-01', '2020-05-05'],
    nationalDay: ['2020-10-01', '2020-10-08'],
    adjustedWorkdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
    holidayCount: 30,
    workingDays: 249,
    netDaysOff: 13, // 11 + Friday 31 January + Saturday 1 February no longer worked (extension)
  },
  {
    year: 2021,
    springFestival: ['2021-02-11', '2021-02-17'],
    labourDay: ['2021-05-01', '2021-05-05'],
    nationalDay: ['2021-10-01', '2021-10-07'],
    adjustedWorkdays: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
    holidayCount: 31,
    workingDays: 250,
    netDaysOff: 11,
  },
  {
    year: 2022,
    springFestival: ['2022-01-31', '2022-02-06'],
    labourDay: ['2022-04-30', '2022-05-04'],
    nationalDay: ['2022-10-01', '2022-10-07'],
    adjustedWorkdays: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
    holidayCount: 32,
    workingDays: 249,
    netDaysOff: 11,
  },
  {
    year: 2023,
    springFestival: ['2023-01-21', '2023-01-27'],
    labourDay: ['2023-04-29', '2023-05-03'],
    nationalDay: ['2023-09-29', '2023-10-06'],
    adjustedWorkdays: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
    holidayCount: 26,
    workingDays: 249,
    netDaysOff: 11,
  },
  {
    year: 2024,
    springFestival: ['2024-02-10', '2024-02-17'],
    labourDay: ['2024-05-01', '2024-05-05'],
    nationalDay: ['2024-10-01', '2024-10-07'],
    adjustedWorkdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
    holidayCount: 28,
    workingDays: 251,
    netDaysOff: 11,
  },
  {
    year: 2025,
    springFestival: ['2025-01-28', '2025-02-04'],
    labourDay: ['2025-05-01', '2025-05-05'],
    nationalDay: ['2025-10-01', '2025-10-08'],
    adjustedWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    holidayCount: 28,
    workingDays: 248,
    netDaysOff: 13,
  },
  {
    year: 2026,
    springFestival: ['2026-02-15', '2026-02-23'],
    labourDay: ['2026-05-01', '2026-05-05'],
    nationalDay: ['2026-10-01', '2026-10-07'],
    adjustedWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    holidayCount: 33,
    workingDays: 248,
    netDaysOff: 13,
  },
];

const d = (s: string): LocalDate => LocalDate.parse(s);

function daysOf(from: string, to: string): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = d(from); !day.isAfter(d(to)); day = day.plusDays(1)) days.push(day);
  return days;
}

describe.each(GOLDEN)('built-in calendar $year', (golden) => {
  const sut = defaultCalendar();
  const data = sut.yearData(golden.year);

  it.each([
    ['Spring Festival', golden.springFestival],
    ['Labour Day', golden.labourDay],
    ['National Day', golden.nationalDay],
  ])('%s break is exactly %j', (_name, [from, to]) => {
    for (const day of daysOf(from, to)) {
      expect([day.toString(), sut.isHoliday(day), sut.isWorkingDay(day)]).toEqual([day.toString(), true, false]);
    }
    expect(sut.isHoliday(d(from).minusDays(1))).toBe(false);
    expect(sut.isHoliday(d(to).plusDays(1))).toBe(false);
  });

  it('works exactly the adjusted Saturdays and Sundays of the notice', () => {
    expect([...data.workdays].sort()).toEqual(golden.adjustedWorkdays);
    for (const day of golden.adjustedWorkdays.map(d)) {
      expect(day.isWeekend()).toBe(true);
      expect(sut.isWorkingDay(day)).toBe(true);
    }
  });

  it('has the expected totals', () => {
    const days = daysOf(`${golden.year}-01-01`, `${golden.year}-12-31`);
    const weekdaysOff = days.filter((day) => !day.isWeekend() && sut.isHoliday(day)).length;
    expect(data.holidays).toHaveLength(golden.holidayCount);
    expect(days.filter((day) => sut.isWorkingDay(day))).toHaveLength(golden.workingDays);
    expect(weekdaysOff - data.workdays.length).toBe(golden.netDaysOff);
  });

  it('cites its notice', () => {
    expect(data.sources.length).toBeGreaterThan(0);
    for (const source of data.sources) expect(source).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
  });
});

describe('built-in calendar specifics', () => {
  const sut = defaultCalendar();

  it('2019: the amended Labour Day (国办发明电〔2019〕3号) — 2 and 3 May off, 28 April and 5 May worked', () => {
    expect(sut.isWorkingDay(d('2019-05-02'))).toBe(false);
    expect(sut.isWorkingDay(d('2019-04-28'))).toBe(true);
    expect(sut.isWorkingDay(d('2019-05-05'))).toBe(true);
  });

  it('2020: the extension to 2 February — Saturday 1 February no longer worked, Monday 3 February back to work', () => {
    expect(sut.isWorkingDay(d('2020-01-31'))).toBe(false);
    expect(sut.isWorkingDay(d('2020-02-01'))).toBe(false);
    expect(sut.isWorkingDay(d('2020-02-03'))).toBe(true);
  });

  it('2023 New Year break starts on 2022-12-31', () => {
    expect(sut.isHoliday(d('2022-12-31'))).toBe(true);
    expect(sut.isHoliday(d('2023-01-02'))).toBe(true);
    expect(sut.isWorkingDay(d('2023-01-03'))).toBe(true);
  });

  it('2024 Spring Festival Eve (9 February) was a working day', () => {
    expect(sut.isWorkingDay(d('2024-02-09'))).toBe(true);
  });

  it('2025: Spring Festival from New Year’s Eve (28 January), Labour Day 1–5 May with one Sunday worked', () => {
    expect(sut.isHoliday(d('2025-01-28'))).toBe(true);
    expect(sut.isWorkingDay(d('2025-01-27'))).toBe(true);
    expect(sut.isWorkingDay(d('2025-05-06'))).toBe(true);
  });

  it('Mid-Autumn and Dragon Boat spot checks', () => {
    expect(sut.isHoliday(d('2021-09-21'))).toBe(true); // 中秋
    expect(sut.isHoliday(d('2022-06-03'))).toBe(true); // 端午
    expect(sut.isHoliday(d('2026-06-19'))).toBe(true); // 端午
    expect(sut.isHoliday(d('2026-09-25'))).toBe(true); // 中秋
    expect(sut.isHoliday(d('2025-10-06'))).toBe(true); // 中秋 inside National Day
  });
});
