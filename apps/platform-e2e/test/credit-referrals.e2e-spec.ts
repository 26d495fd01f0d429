import { type PortalTestClient, startTestPlatform, type TestPlatform } from '@mi/testing';

/**
 * 线索移送 through the built processes: the portal routes /api/v1/credit/referrals at the gateway,
 * credit-service deciding department and region. A Changsha referral is invisible to Zhuzhou; only
 * the health commission signs the receipt of a referral the bureau sent it.
 */
describe('credit referrals over HTTP: region scope and the receiving department', () => {
  let platform: TestPlatform;
  let csBureau: PortalTestClient;
  let csCommission: PortalTestClient;
  let zzBureau: PortalTestClient;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let id: string;

  beforeAll(async () => {
    platform = await startTestPlatform(['credit-service']);
    [csBureau, csCommission, zzBureau] = await Promise.all([
      platform.user('cs.bureau', ['city-officer'], '430100'),
      platform.user('cs.health', ['health-liaison'], '430100'),
      platform.user('zz.bureau', ['city-officer'], '430200'),
    ]);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('the bureau of city A registers and issues a referral', async () => {
    const opened = await csBureau.post('/api/v1/credit/referrals', {
      direction: 'BUREAU_TO_COMMISSION',
      admdvs: '430100',
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      subjectName: '长沙某医院',
      reasonCodes: ['B2C-4', 'B2C-5'],
      facts: '过度检查、重复检查',
      triggerDate: today,
      penaltyDecisionNo: '长医保罚〔2026〕8号',
    });
    expect(opened.status).toBe(201);
    id = String(opened.body.id);
    const issued = await csBureau.post(`/api/v1/credit/referrals/${id}/issue`, {
      issuerShortName: '长医保',
      pages: 12,
      evidence: [{ title: '行政处罚决定书' }],
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'SENT', documentNumber: `长医保局案移字〔${today.slice(0, 4)}〕1号` });
  });

  it('city B cannot see, list, act on or create referrals of city A', async () => {
    expect((await zzBureau.get(`/api/v1/credit/referrals/${id}`)).status).toBe(404);
    expect((await zzBureau.get('/api/v1/credit/referrals')).body).toMatchObject({ total: 0, items: [] });
    expect((await zzBureau.post(`/api/v1/credit/referrals/${id}/receipt`, { signedBy: '张三' })).status).toBe(404);
    const foreign = await zzBureau.post('/api/v1/credit/referrals', {
      direction: 'BUREAU_TO_COMMISSION',
      admdvs: '430100',
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      subjectName: '长沙某医院',
      reasonCodes: ['B2C-4'],
      facts: 'x',
      triggerDate: today,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN.REGION');
    expect((await csBureau.get('/api/v1/credit/referrals')).body).toMatchObject({ total: 1 });
  });

  it('the receipt is signed by the receiving department only', async () => {
    const wrong = await csBureau.post(`/api/v1/credit/referrals/${id}/receipt`, { signedBy: '王五' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.code).toBe('FORBIDDEN.DEPARTMENT');
    const signed = await csCommission.post(`/api/v1/credit/referrals/${id}/receipt`, { signedBy: '李四' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'RECEIVED', receiptSignedBy: '李四' });
    const report = await csCommission.get(`/api/v1/credit/referrals/annual-report?year=${today.slice(0, 4)}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ total: 1, admdvs: '430100' });
  });

  it('documents the routes with their response types for the portal client', async () => {
    const doc = await csBureau.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    const schemas = (doc.body.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    expect(Object.keys(schemas.ReferralDto.properties ?? {})).toEqual(expect.arrayContaining(['documentNumber', 'dueOn', 'ledger', 'referralOverdue']));
    expect(Object.keys(schemas.OpenReferralBody.properties ?? {})).toEqual(expect.arrayContaining(['direction', 'reasonCodes', 'triggerDate']));
    expect(schemas.ListDecisionDto).toBeDefined();
    expect(Object.keys(schemas.ReferralPageDto.properties ?? {})).toEqual(['items', 'total', 'limit', 'offset']);
  });
});
