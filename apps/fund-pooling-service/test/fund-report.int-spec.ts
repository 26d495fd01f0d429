import { CountyFundSubjects, FundReportSubjects, type FundReportView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { asActor, aUser } from '@mi/testing';
import { checker, CITY, FundFixture, maker, refusal } from './fund-fixture';

const [H2, H3] = ['H43010200001', 'H43010300001'];

/** 基金运行报表: by month, region and insurance type, from the ledger. */
describe('fund report (real PostgreSQL + NATS)', () => {
  let f: FundFixture;
  const clock = new ManualClock('2026-04-15T04:00:00.000Z');
  const report = (body: Record<string, unknown> = {}) =>
    asActor(checker, () => f.client.requestReply<FundReportView>(FundReportSubjects.report, { admdvs: CITY, year: 2026, ...body }));

  beforeAll(async () => {
    // The fixture's opening: 100,000.00 of city income in 2026-03.
    f = await FundFixture.start(['310'], clock);
    await f.post('county-remittance', 'old', '2025-12', '上年收入', `${CITY}-310-FUND`, `${CITY}-310-INCOME`, '1000.00');
    for (const [county, period, amountFen, reference] of [
      ['430102', '2026-01', '50000', 'JK-1'],
      ['430103', '2026-02', '30000', 'JK-2'],
    ])
      await asActor(maker, () => f.client.request(CountyFundSubjects.recordIncome, { county, insutype: '310', period, amountFen, reference }));
    await f.institution('310', H2);
    await f.institution('310', H3);
    await f.settle('s1', '2026-01', '310', H2, '200.00');
    await f.settle('s2', '2026-03', '310', H2, '100.00');
    await f.settle('s2-r', '2026-03', '310', H2, '20.00', true);
    await f.settle('s3', '2026-02', '310', H3, '50.00');
    await f.deduct('d1', '2026-04', '310', H2, '10.00');
  });

  afterAll(async () => {
    await f?.close();
  });

  it('gives income, expense, net, year to date, balance and months of reserve per month, city and county', async () => {
    const r = await report();
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']); // up to the current month
    const city = r.data.rows
      .filter((x) => x.regionLevel === 'city')
      .map((x) => [x.period, x.incomeFen, x.expenseFen, x.ytdNetFen, x.balanceFen, x.monthsOfReserve]);
    expect(city).toEqual([
      ['2026-01', '50000', '20000', '30000', '150000', '7.50'], // 1,000 opening + 500 = 1,500 ÷ (200 ÷ 1)
      ['2026-02', '30000', '5000', '55000', '180000', '14.40'], // 1,800 ÷ (250 ÷ 2)
      ['2026-03', '10000000', '8000', '10047000', '10180000', '925.45'], // 101,800 ÷ (330 ÷ 3)
      ['2026-04', '0', '-1000', '10048000', '10180000', '1272.50'], // a deduction gives money back: 101,800 ÷ (320 ÷ 4)
    ]);
    const county = r.data.rows.filter((x) => x.region === '430102').map((x) => [x.period, x.incomeFen, x.expenseFen, x.netFen, x.ytdNetFen, x.balanceFen]);
    expect(county).toEqual([
      ['2026-01', '50000', '20000', '30000', '30000', null],
      ['2026-02', '0', '0', '0', '30000', null],
      ['2026-03', '0', '8000', '-8000', '22000', null],
      ['2026-04', '0', '-1000', '1000', '23000', null],
    ]);
    expect(r.data.rows.filter((x) => x.period === '2026-02').map((x) => x.region)).toEqual([CITY, '430102', '430103']);
    expect(r.data.notes.join(' ')).toContain('months of reserve');
  });

  it('filters one insurance type; refuses a county code naming the field; another region is not found', async () => {
    const other = await report({ insutype: '390' });
    expect(other.ok && other.data.rows.every((x) => x.insutype === '390' && x.incomeFen === '0')).toBe(true);
    const bad = await report({ admdvs: '430102' });
    expect(bad.ok || [bad.error.code, bad.error.message]).toEqual(['VALIDATION', expect.stringContaining('admdvs')]);
    const outsider = aUser({ scope: '430200', id: 'u-out', roles: ['city-officer'] });
    expect(await refusal(asActor(outsider, () => f.client.requestReply(FundReportSubjects.report, { admdvs: CITY, year: 2026 })))).toBe('NOT_FOUND');
  });
});
