import type { CalendarYearData } from '../calendar-year-data';

/**
 * 2020 — 国办发明电〔2019〕16号; Spring Festival extended to 2 February by 国办发明电〔2020〕1号
 * (COVID-19), so 31 January was off and Saturday 1 February, first scheduled as a working day,
 * was off too. Some provinces extended further by their own notices; this is the national data.
 */
export const YEAR_2020: CalendarYearData = {
  year: 2020,
  sources: ['国办发明电〔2019〕16号', '国办发明电〔2020〕1号'],
  // prettier-ignore
  holidays: [
    '2020-01-01', // 元旦
    '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29', '2020-01-30', // 春节
    '2020-01-31', '2020-02-01', '2020-02-02', // 春节 extension (国办发明电〔2020〕1号)
    '2020-04-04', '2020-04-05', '2020-04-06', // 清明节
    '2020-05-01', '2020-05-02', '2020-05-03', '2020-05-04', '2020-05-05', // 劳动节
    '2020-06-25', '2020-06-26', '2020-06-27', // 端午节
    '2020-10-01', '2020-10-02', '2020-10-03', '2020-10-04', '2020-10-05', '2020-10-06', '2020-10-07', '2020-10-08', // 国庆节、中秋节
  ],
  // prettier-ignore
  workdays: [
    '2020-01-19', // 春节 (2020-02-01 cancelled by the extension)
    '2020-04-26', '2020-05-09', // 劳动节
    '2020-06-28', // 端午节
    '2020-09-27', '2020-10-10', // 国庆节、中秋节
  ],
};
