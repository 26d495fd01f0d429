import { FundUsePlanSubjects, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

/**
 * The fund-use plan and disbursement request routes: the gateway checks role and input, then
 * forwards to fund-pooling-service's subject (a stand-in here; fund-pooling's own tests cover the
 * behaviour: scope, state, versions, maker-checker).
 */
describe('gateway: fund-use plan and disbursement request routes', () => {
  const h = routeHarness({
    now: '2026-06-15T04:00:00.000Z',
    users: { city: { roles: ['city-officer'], scope: '430100' }, county: { roles: ['county-officer'], scope: '430102' } },
  });
  const { call, tokenFor } = h;
  const calls = h.stub(Object.values(FundUsePlanSubjects), ({ subject }) => okReply({ forwarded: subject }));

  it('forwards a county officer’s plan; other roles are 403 and bad input is 400 naming the field, neither leaving the gateway', async () => {
    const plan = { county: '430102', period: '2026-07', insutype: '310', plannedFen: '36300000', basis: '按近三月结算趋势编制' };
    expect(await call('POST', '/api/v1/fund/fund-use-plans', plan, tokenFor('county'))).toMatchObject({
      status: 201,
      body: { forwarded: FundUsePlanSubjects.submit },
    });
    expect((await call('POST', '/api/v1/fund/fund-use-plans', plan, tokenFor('city'))).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/fund-use-plans', plan, tokenFor('admin'))).status).toBe(403);
    for (const [field, value] of [
      ['plannedFen', '-100'],
      ['plannedFen', '0'],
      ['plannedFen', 100],
      ['basis', ''],
      ['period', '2026-7'],
      ['county', '430100'],
      ['insutype', '320'],
    ] as const) {
      const bad = await call('POST', '/api/v1/fund/fund-use-plans', { ...plan, [field]: value }, tokenFor('county'));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(calls).toEqual([{ subject: FundUsePlanSubjects.submit, body: plan }]);
  });

  it('forwards a city officer’s review with the plan named by the path; a county officer is 403, bad input 400', async () => {
    const before = calls.length;
    const path = '/api/v1/fund/fund-use-plans/430102/2026-07/310/review';
    const accept = { version: 2, decision: 'accept', acceptedFen: '34000000', note: '按结算数据核减' };
    expect(await call('POST', path, accept, tokenFor('city'))).toMatchObject({ status: 200, body: { forwarded: FundUsePlanSubjects.review } });
    const back = { version: 1, decision: 'return', note: '请说明依据' };
    expect((await call('POST', path, back, tokenFor('city'))).status).toBe(200);
    expect((await call('POST', path, accept, tokenFor('county'))).status).toBe(403);
    for (const [body, field] of [
      [{ version: 1, decision: 'return' }, 'note'],
      [{ version: 1, decision: 'maybe' }, 'decision'],
      [{ version: '1', decision: 'accept' }, 'version'],
      [{ ...accept, acceptedFen: '-1' }, 'acceptedFen'],
      [{ ...accept, county: '430103' }, 'county'], // the plan is named by the path only
    ] as const) {
      const bad = await call('POST', path, body, tokenFor('city'));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect((await call('POST', '/api/v1/fund/fund-use-plans/430100/2026-07/310/review', accept, tokenFor('city'))).status).toBe(400);
    expect(calls.slice(before)).toEqual([
      { subject: FundUsePlanSubjects.review, body: { ...accept, county: '430102', period: '2026-07', insutype: '310' } },
      { subject: FundUsePlanSubjects.review, body: { ...back, county: '430102', period: '2026-07', insutype: '310' } },
    ]);
  });

  it('forwards reads to the bureau and the county; a malformed key is 400', async () => {
    const before = calls.length;
    expect(await call('GET', '/api/v1/fund/fund-use-plans/430102/2026-07/310', undefined, tokenFor('county'))).toMatchObject({
      status: 200,
      body: { forwarded: FundUsePlanSubjects.get },
    });
    expect(await call('GET', '/api/v1/fund/fund-use-plans?admdvs=430100&period=2026-07&insutype=310', undefined, tokenFor('admin'))).toMatchObject({
      status: 200,
      body: { forwarded: FundUsePlanSubjects.list },
    });
    for (const bad of [
      '/api/v1/fund/fund-use-plans/430102/2026-13/310',
      '/api/v1/fund/fund-use-plans/430100/2026-07/310',
      '/api/v1/fund/fund-use-plans?admdvs=430100&period=2026-07',
      '/api/v1/fund/fund-use-plans?admdvs=4301&period=2026-07&insutype=310',
    ])
      expect((await call('GET', bad, undefined, tokenFor('city'))).status).toBe(400);
    expect(calls.slice(before)).toEqual([
      { subject: FundUsePlanSubjects.get, body: { county: '430102', period: '2026-07', insutype: '310' } },
      { subject: FundUsePlanSubjects.list, body: { admdvs: '430100', period: '2026-07', insutype: '310' } },
    ]);
  });

  it('forwards a disbursement request proposal from a city officer only; bad input is 400 naming the field', async () => {
    const before = calls.length;
    const body = { admdvs: '430100', period: '2026-07', insutype: '310', reason: '7 月统一向市财政申报拨款' };
    expect((await call('POST', '/api/v1/fund/disbursement-requests', body, tokenFor('county'))).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/disbursement-requests', body, tokenFor('admin'))).status).toBe(403);
    expect(await call('POST', '/api/v1/fund/disbursement-requests', body, tokenFor('city'))).toMatchObject({
      status: 201,
      body: { forwarded: FundUsePlanSubjects.proposeDisbursement },
    });
    for (const [field, value] of [
      ['admdvs', '430102'],
      ['reason', ''],
      ['period', '202607'],
    ] as const) {
      const bad = await call('POST', '/api/v1/fund/disbursement-requests', { ...body, [field]: value }, tokenFor('city'));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }
    expect(calls.slice(before)).toEqual([{ subject: FundUsePlanSubjects.proposeDisbursement, body }]);
  });
});
