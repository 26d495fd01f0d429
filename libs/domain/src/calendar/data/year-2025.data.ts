import type { CalendarYearData } from '../calendar-year-data';

/**
 * 2025 — 国办发明电〔2024〕12号, the first year under the amended 《全国年节及纪念日放假办法》
 * (November 2024): one more statutory day each for the Spring Festival (from New Year's Eve,
 * 除夕) and Labour Day (2 May), 13 statutory days in all.
 */
export const YEAR_2025: CalendarYearData = {
  year: 2025,
  sources: ['国办发明电〔2024〕12号'],
  // prettier-ignore
  holidays: [
    '2025-01-01', // 元旦, no adjustment
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04', // 春节
    '2025-04-04', '2025-04-05', '2025-04-06', // 清明节
    '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05', // 劳动节
    '2025-05-31', '2025-06-01', '2025-06-02', // 端午节
    '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08', // 国庆节、中秋节
  ],
  // prettier-ignore
  workdays: [
    '2025-01-26', '2025-02-08', // 春节
    '2025-04-27', // 劳动节
    '2025-09-28', '2025-10-11', // 国庆节、中秋节
  ],
};
