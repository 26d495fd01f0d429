import { errorReply, okReply, type PaymentDeadlineListView, PaymentDeadlineSubjects } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/** What fund-pooling answers (one month paid late). */
const LIST: PaymentDeadlineListView = {
  admdvs: '430100',
  today: '2026-07-27',
  policy: { submissionDeadlineDay: 10, rollSubmissionDeadline: true, dueWorkingDays: 30, dueSoonWorkingDays: 5 },
  months: [
    {
      period: '2026-04',
      submissionDeadline: '2026-05-11',
      dueDate: '2026-06-23',
      state: 'PAID_LATE',
      workingDaysLeft: null,
      workingDaysLate: 2,
      settlementId: '01a20000-0000-7000-8000-000000000401',
      settlementPeriod: '2026-04',
      approvedAt: '2026-06-25T02:00:00.000Z',
      paidOn: '2026-06-25',
      heldFen: '0',
      overdueNotifiedAt: null,
    },
  ],
  notes: [],
};

/**
 * `GET /api/v1/fund/payment-deadlines`: the gateway checks role and input, then forwards to
 * fund-pooling-service's subject (a stand-in here; fund-pooling's own tests cover the behaviour).
 */
describe('gateway: fund payment-deadline route', () => {
  const h = routeHarness({ now: '2026-07-27T02:00:00.000Z' });
  const received = h.stub(PaymentDeadlineSubjects.list, ({ body: req }) =>
    // What fund-pooling refuses: another region (as not found) and year with a range.
    req.admdvs === '430200'
      ? errorReply({ code: 'NOT_FOUND', message: 'pooling region 430200 not found', details: {} })
      : req.year !== undefined && req.fromPeriod !== undefined
        ? errorReply({ code: 'VALIDATION', message: 'year: give either year or fromPeriod and toPeriod, not both', details: { field: 'year' } })
        : okReply(LIST),
  );
  /** `bearer`: the administrator's token unless given; `''` sends none. */
  const get = (query: string, bearer?: string) => h.call('GET', `/api/v1/fund/payment-deadlines${query}`, undefined, bearer);

  it('forwards a region and year, or a range of months, and answers what fund-pooling answers', async () => {
    expect(await get('?admdvs=430100&year=2026')).toMatchObject({
      status: 200,
      body: { admdvs: '430100', months: [{ period: '2026-04', state: 'PAID_LATE' }] },
    });
    expect(await get('?admdvs=430100&fromPeriod=2025-11&toPeriod=2026-04')).toMatchObject({ status: 200 });
    expect(received).toEqual([
      { admdvs: '430100', year: 2026 },
      { admdvs: '430100', fromPeriod: '2025-11', toPeriod: '2026-04' },
    ]);
  });

  it('refuses malformed input with 400 naming the field; it never leaves the gateway', async () => {
    const before = received.length;
    for (const [query, field] of [
      ['?admdvs=430102&year=2026', 'admdvs'],
      ['?year=2026', 'admdvs'],
      ['?admdvs=430100&year=26', 'year'],
      ['?admdvs=430100&fromPeriod=2026-13&toPeriod=2026-12', 'fromPeriod'],
      ['?admdvs=430100&fromPeriod=2026-01&toPeriod=2026-1', 'toPeriod'],
      ['?admdvs=430100&year=2026&insutype=310', 'insutype'],
    ]) {
      const r = await get(query);
      expect([query, r.status]).toEqual([query, 400]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(received).toHaveLength(before);
  });

  it('maps fund-pooling’s refusals: another region is 404, year with a range is 400 naming the field', async () => {
    expect((await get('?admdvs=430200&year=2026')).status).toBe(404);
    const both = await get('?admdvs=430100&year=2026&fromPeriod=2026-01&toPeriod=2026-03');
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('year');
  });

  it('requires a signed-in user', async () => {
    expect((await get('?admdvs=430100&year=2026', '')).status).toBe(401);
    expect((await get('?admdvs=430100&year=2026', 'not-a-token')).status).toBe(401);
  });
});
