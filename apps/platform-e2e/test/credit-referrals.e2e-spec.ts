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

  it('a black-list decision goes through /api/v1/approvals/credit: the proposer cannot approve, a second officer can', async () => {
    const checker = await platform.user('cs.checker', ['city-officer'], '430100');
    const proposed = await csBureau.post('/api/v1/credit/list-decisions', {
      list: 'black',
      subjectType: 'institution',
      subjectCode: 'H43010200001',
      subjectName: '长沙某医院',
      admdvs: '430102',
      decisionNo: '长医保信〔2026〕1号',
      legalBasis: '《医疗保障基金使用监督管理条例》第三十三条',
      reason: '欺诈骗保',
      periodStart: today,
      periodEnd: `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`,
      publicationText: '列入严重失信名单',
    });
    expect(proposed.status).toBe(202);
    const approvalId = String(proposed.body.approvalId);
    const same = await csBureau.post(`/api/v1/approvals/credit/${approvalId}/decide`, { decision: 'approve' });
    expect([same.status, same.body.code]).toEqual([403, 'FORBIDDEN.SAME_PERSON']);
    expect((await zzBureau.post(`/api/v1/approvals/credit/${approvalId}/decide`, { decision: 'approve' })).status).toBe(404);
    const approved = await checker.post(`/api/v1/approvals/credit/${approvalId}/decide`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const published = await csCommission.get('/api/v1/credit/list-decisions?list=black');
    expect(published.body).toMatchObject({ total: 1, items: [{ decisionNo: '长医保信〔2026〕1号', status: 'IN_FORCE' }] });
    const early = await checker.post(`/api/v1/credit/list-decisions/${String((published.body.items as { id: string }[])[0].id)}/repair`, {
      ground: 'CREDIT-REPAIR',
      note: '整改完成',
    });
    expect([early.status, early.body.code]).toEqual([409, 'LIST.PERIOD_NOT_ENDED']);
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
