import type { CalendarYearData } from '../calendar-year-data';

/**
 * 2019 — 国办发明电〔2018〕15号, Labour Day amended by 国办发明电〔2019〕3号 (1–4 May off,
 * Sundays 28 April and 5 May worked; originally 1 May only).
 */
export const YEAR_2019: CalendarYearData = {
  year: 2019,
  sources: ['国办发明电〔2018〕15号', '国办发明电〔2019〕3号'],
  // prettier-ignore
  holidays: [
    '2019-01-01', // 元旦 (2018-12-30 – 2019-01-01; 2018-12-29 Saturday worked)
    '2019-02-04', '2019-02-05', '2019-02-06', '2019-02-07', '2019-02-08', '2019-02-09', '2019-02-10', // 春节
    '2019-04-05', // 清明节, joined with the weekend
    '2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04', // 劳动节 (amended)
    '2019-06-07', // 端午节, joined with the weekend
    '2019-09-13', // 中秋节, joined with the weekend
    '2019-10-01', '2019-10-02', '2019-10-03', '2019-10-04', '2019-10-05', '2019-10-06', '2019-10-07', // 国庆节
  ],
  // prettier-ignore
  workdays: [
    '2019-02-02', '2019-02-03', // 春节
    '2019-04-28', '2019-05-05', // 劳动节 (amended)
    '2019-09-29', '2019-10-12', // 国庆节
  ],
  note: 'The 2019 New Year break began on 2018-12-30 and 2018-12-29 was worked; those 2018 dates are not part of this year.',
};
