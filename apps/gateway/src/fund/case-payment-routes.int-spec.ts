import { CapitationSubjects, CasePaymentSubjects, errorReply, okReply } from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

const SCHEME = {
  admdvs: '430100',
  year: 2026,
  method: 'DRG',
  rateFen: '1000000',
  institutions: [{ institutionCode: 'H43010200001', coefficientPercent: '95' }],
  groups: [{ code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' }],
  reason: '2026 年 DRG 付费方案',
};

/**
 * `/api/v1/fund/case-payment/*` (按病种付费): the gateway checks role and input, then forwards to
 * fund-pooling-service's subjects (stand-ins here; fund-pooling's case-payment int-spec covers the
 * behaviour).
 */
describe('gateway: DRG/DIP case-payment routes', () => {
  const h = routeHarness({
    now: '2026-05-02T01:00:00.000Z',
    users: { city: { roles: ['city-officer'], scope: '430100' }, county: { roles: ['county-officer'], scope: '430102' } },
  });
  const { call, tokenFor } = h;
  const received = h.stub(
    [
      CasePaymentSubjects.proposeScheme,
      CasePaymentSubjects.scheme,
      CasePaymentSubjects.group,
      CasePaymentSubjects.cases,
      CasePaymentSubjects.proposeDipSettlement,
      CasePaymentSubjects.dipSettlement,
      CapitationSubjects.propose,
      CapitationSubjects.get,
    ],
    ({ subject, body }) =>
      body.admdvs === '430200' ? errorReply({ code: 'NOT_FOUND', message: 'pooling region 430200 not found', details: {} }) : okReply({ forwarded: subject }),
  );

  it('forwards a scheme proposal and a grouping from a city officer only', async () => {
    expect(await call('POST', '/api/v1/fund/case-payment/schemes', SCHEME, tokenFor('city'))).toMatchObject({
      status: 201,
      body: { forwarded: CasePaymentSubjects.proposeScheme },
    });
    const grouping = {
      admdvs: '430100',
      cases: [
        { setlId: 'S-1', groupCode: 'ES23' },
        { setlId: 'S-2', specialCase: true },
      ],
    };
    expect(await call('POST', '/api/v1/fund/case-payment/groupings', grouping, tokenFor('city'))).toMatchObject({
      status: 200,
      body: { forwarded: CasePaymentSubjects.group },
    });
    expect((await call('POST', '/api/v1/fund/case-payment/groupings', grouping, tokenFor('county'))).status).toBe(403);
    expect((await call('POST', '/api/v1/fund/case-payment/schemes', SCHEME, tokenFor('county'))).status).toBe(403);
    expect(received.map((r) => r.subject)).toEqual([CasePaymentSubjects.proposeScheme, CasePaymentSubjects.group]);
    expect(received[1].body).toEqual(grouping);
  });

  it('forwards reads with the year as a number and the page', async () => {
    expect(await call('GET', '/api/v1/fund/case-payment/schemes/430100/2026/DRG?limit=20', undefined, tokenFor('county'))).toMatchObject({ status: 200 });
    expect(await call('GET', '/api/v1/fund/case-payment/cases?admdvs=430100&period=2026-04&specialOnly=true', undefined, tokenFor('county'))).toMatchObject({
      status: 200,
    });
    const [scheme, cases] = received.slice(-2);
    expect(scheme.body).toMatchObject({ admdvs: '430100', year: 2026, method: 'DRG', limit: 20 });
    expect(cases.body).toMatchObject({ admdvs: '430100', period: '2026-04', specialOnly: true });
    expect((await call('GET', '/api/v1/fund/case-payment/cases?admdvs=430200&period=2026-04', undefined, tokenFor('county'))).status).toBe(404);
  });

  it('forwards a DIP year-end settlement proposal and its read', async () => {
    const body = { admdvs: '430100', year: 2025, reason: '2025 DIP 年度清算' };
    expect(await call('POST', '/api/v1/fund/case-payment/dip-settlements', body, tokenFor('city'))).toMatchObject({ status: 201 });
    expect((await call('POST', '/api/v1/fund/case-payment/dip-settlements', body, tokenFor('county'))).status).toBe(403);
    expect(await call('GET', '/api/v1/fund/case-payment/dip-settlements/430100/2025?offset=50', undefined, tokenFor('county'))).toMatchObject({ status: 200 });
    const [proposal, read] = received.slice(-2);
    expect(proposal).toEqual({ subject: CasePaymentSubjects.proposeDipSettlement, body });
    expect(read.body).toMatchObject({ admdvs: '430100', year: 2025, offset: 50 });
    for (const bad of [
      { ...body, year: 'x' },
      { ...body, reason: '' },
      { ...body, admdvs: '430102' },
    ]) {
      expect((await call('POST', '/api/v1/fund/case-payment/dip-settlements', bad, tokenFor('city'))).status).toBe(400);
    }
    expect((await call('GET', '/api/v1/fund/case-payment/dip-settlements/430100/25', undefined, tokenFor('city'))).status).toBe(400);
  });

  it('forwards a capitation (按人头付费) proposal from a city officer and its read; bad input stays at the gateway', async () => {
    const body = {
      admdvs: '430100',
      period: '2026-04',
      insutype: '390',
      annualRateFen: '12000',
      institutions: [{ institutionCode: 'H43010200005', enrolled: 1200 }],
      reason: '2026 年 4 月门诊统筹按人头付费',
    };
    expect(await call('POST', '/api/v1/fund/case-payment/capitations', body, tokenFor('city'))).toMatchObject({
      status: 201,
      body: { forwarded: CapitationSubjects.propose },
    });
    expect((await call('POST', '/api/v1/fund/case-payment/capitations', body, tokenFor('county'))).status).toBe(403);
    expect(await call('GET', '/api/v1/fund/case-payment/capitations/430100/2026-04/390?limit=10', undefined, tokenFor('county'))).toMatchObject({
      status: 200,
    });
    const [proposal, read] = received.slice(-2);
    expect(proposal).toEqual({ subject: CapitationSubjects.propose, body });
    expect(read.body).toMatchObject({ admdvs: '430100', period: '2026-04', insutype: '390', limit: 10 });
    const before = received.length;
    for (const [bad, field] of [
      [{ ...body, insutype: '510' }, 'insutype'],
      [{ ...body, period: '2026-4' }, 'period'],
      [{ ...body, annualRateFen: '0' }, 'annualRateFen'],
      [{ ...body, institutions: [{ institutionCode: 'H43010200005', enrolled: -1 }] }, 'enrolled'],
      [{ ...body, institutions: [] }, 'institutions'],
    ] as const) {
      const r = await call('POST', '/api/v1/fund/case-payment/capitations', bad, tokenFor('city'));
      expect([field, r.status]).toEqual([field, 400]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect((await call('GET', '/api/v1/fund/case-payment/capitations/430100/2026-04/510', undefined, tokenFor('city'))).status).toBe(400);
    expect(received).toHaveLength(before);
  });

  it('refuses malformed input with 400 naming the field; it never leaves the gateway', async () => {
    const before = received.length;
    for (const [body, field] of [
      [{ ...SCHEME, admdvs: '430102' }, 'admdvs'],
      [{ ...SCHEME, method: 'FFS' }, 'method'],
      [{ ...SCHEME, rateFen: '-1' }, 'rateFen'],
      [{ ...SCHEME, groups: [{ code: 'ES23', name: 'x', weight: '1.23456' }] }, 'weight'],
      [{ ...SCHEME, institutions: [{ institutionCode: 'H1', coefficientPercent: '95' }] }, 'institutionCode'],
      [{ ...SCHEME, institutions: [{ institutionCode: 'H43010200001', coefficientPercent: '0' }] }, 'coefficientPercent'],
      [{ ...SCHEME, specialCasePermille: 101 }, 'specialCasePermille'],
      [{ ...SCHEME, groups: [] }, 'groups'],
    ] as const) {
      const r = await call('POST', '/api/v1/fund/case-payment/schemes', body, tokenFor('city'));
      expect([field, r.status]).toEqual([field, 400]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    for (const [body, field] of [
      [{ admdvs: '430100', cases: [] }, 'cases'],
      [{ admdvs: '430100', cases: [{ setlId: 'S 1', groupCode: 'ES23' }] }, 'setlId'],
      [{ admdvs: '430100', cases: [{ setlId: 'S-1', specialCase: 'yes' }] }, 'specialCase'],
    ] as const) {
      const r = await call('POST', '/api/v1/fund/case-payment/groupings', body, tokenFor('city'));
      expect([field, r.status]).toEqual([field, 400]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    for (const [path, field] of [
      ['/api/v1/fund/case-payment/schemes/430100/26/DRG', 'year'],
      ['/api/v1/fund/case-payment/schemes/430100/2026/XYZ', 'method'],
      ['/api/v1/fund/case-payment/cases?admdvs=430100&period=2026-4', 'period'],
      ['/api/v1/fund/case-payment/cases?admdvs=430100&period=2026-04&limit=500', 'limit'],
    ]) {
      const r = await call('GET', path, undefined, tokenFor('city'));
      expect([path, r.status]).toEqual([path, 400]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(received).toHaveLength(before);
  });

  it('requires a signed-in user', async () => {
    expect((await call('GET', '/api/v1/fund/case-payment/cases?admdvs=430100&period=2026-04', undefined, '')).status).toBe(401);
  });
});
