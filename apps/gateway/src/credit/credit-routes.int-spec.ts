import {
  CreditComplaintSubjects,
  CreditInspectionSubjects,
  CreditPenaltySubjects,
  CreditReferralSubjects,
  CreditRepairSubjects,
  Subjects,
} from '@mi/contracts';
import { routeHarness } from '../../test/route-harness';

const PLAN = '01a30000-0000-7000-8000-00000000000a';

/**
 * Credit routes added for files and repairs: the gateway checks input and forwards to
 * credit-service's subjects (stand-ins here; credit-service's own tests cover the behaviour).
 */
describe('gateway: credit file, repair and inspection routes', () => {
  const { call, stub, received } = routeHarness({ now: '2026-07-11T01:00:00.000Z' });
  stub(CreditRepairSubjects.propose, { approvalId: '01a30000-0000-7000-8000-000000000001', action: 'credit.repair-file', status: 'PENDING', restore: 130 });
  stub(Subjects.credit.getCreditFile, { subjectType: 'practitioner', subjectCode: 'D430102000061', entries: [], points: { total: 9 } });
  stub(Subjects.credit.creditRanking, { items: [{ rank: 1, subjectCode: 'H43010200061', score: 640 }], total: 1, limit: 10, offset: 0 });
  stub([CreditComplaintSubjects.submit, CreditComplaintSubjects.conclude], { id: PLAN, status: 'RECEIVED' });
  stub(CreditPenaltySubjects.record, { id: PLAN, scoreDelta: -60 });
  stub(CreditPenaltySubjects.list, { items: [], total: 0, limit: 50, offset: 0 });
  stub(CreditReferralSubjects.submitAnnualReport, { year: 2025, submissions: [{ issuer: 'BUREAU', late: false }], reportOverdue: false });
  stub([CreditInspectionSubjects.createPlan, CreditInspectionSubjects.draw, CreditInspectionSubjects.recordResults], {
    id: PLAN,
    status: 'DRAWN',
    inspections: [],
  });

  it('forwards a repair application (202); unknown grounds or a missing note are 400 naming the field and never leave the gateway', async () => {
    const body = { subjectType: 'institution', subjectCode: 'H43010200061', grounds: ['CLEAN-6-MONTHS'], evidence: {}, note: '整改完成' };
    expect(await call('POST', '/api/v1/credit/repairs', body)).toMatchObject({ status: 202, body: { action: 'credit.repair-file', restore: 130 } });
    expect(received[CreditRepairSubjects.propose]).toEqual([body]);
    const bad = await call('POST', '/api/v1/credit/repairs', { ...body, grounds: ['SOON'], note: undefined });
    expect(bad.status).toBe(400);
    expect(new Set((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field))).toEqual(new Set(['grounds', 'note']));
    expect(received[CreditRepairSubjects.propose]).toHaveLength(1);
  });

  it('forwards a practitioner credit file query; a bad subject type is 400', async () => {
    expect(await call('GET', '/api/v1/credit-files/practitioner/D430102000061')).toMatchObject({ status: 200, body: { points: { total: 9 } } });
    expect(received[Subjects.credit.getCreditFile]).toEqual([{ subjectType: 'practitioner', subjectCode: 'D430102000061' }]);
    expect((await call('GET', '/api/v1/credit-files/doctor/D430102000061')).status).toBe(400);
  });

  it('forwards the risk ranking query (not taken for a credit file); bad paging or level is 400 naming the field', async () => {
    expect(await call('GET', '/api/v1/credit-files/ranking?limit=10&level=D')).toMatchObject({ status: 200, body: { items: [{ rank: 1, score: 640 }] } });
    expect(received[Subjects.credit.creditRanking]).toEqual([{ limit: 10, level: 'D' }]);
    const bad = await call('GET', '/api/v1/credit-files/ranking?limit=0&level=E');
    expect(bad.status).toBe(400);
    expect(new Set((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field))).toEqual(new Set(['limit', 'level']));
    expect(received[Subjects.credit.creditRanking]).toHaveLength(1);
  });

  it('serves the repair grounds as reference data and documents the routes', async () => {
    const ref = await call('GET', '/api/v1/credit/reference');
    expect((ref.body.creditRepairGrounds as { code: string }[]).map((g) => g.code)).toEqual(['CLEAN-6-MONTHS', 'TRAINING-COMPLETED', 'RECTIFIED']);
    const doc = await call('GET', '/docs/openapi.json');
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/v1/credit/repairs', '/api/v1/credit-files/{subjectType}/{subjectCode}']),
    );
  });

  it('forwards inspection plans, draws and results in the caller’s region; a bad index, seed or another region never leaves the gateway', async () => {
    const planBody = {
      admdvs: '430100',
      year: 2026,
      inspections: [{ title: '联合专项检查', kind: 'joint-special', departments: ['health-commission'], targets: 3, inspectors: 2 }],
    };
    expect((await call('POST', '/api/v1/credit/inspection-plans', planBody)).status).toBe(201);
    expect(received[CreditInspectionSubjects.createPlan]).toEqual([planBody]);
    expect((await call('POST', '/api/v1/credit/inspection-plans', { ...planBody, admdvs: '350100' })).status).toBe(403);
    const one = await call('POST', '/api/v1/credit/inspection-plans', { ...planBody, inspections: [{ ...planBody.inspections[0], inspectors: 1 }] });
    expect(one.status).toBe(400);
    expect((one.body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['inspections[0].inspectors']);
    expect(received[CreditInspectionSubjects.createPlan]).toHaveLength(1);

    expect((await call('POST', `/api/v1/credit/inspection-plans/${PLAN}/draw`, { seed: 'hn-2026-draw' })).status).toBe(200);
    expect((await call('POST', `/api/v1/credit/inspection-plans/${PLAN}/draw`, { seed: 'short' })).status).toBe(400);
    expect(received[CreditInspectionSubjects.draw]).toEqual([{ seed: 'hn-2026-draw', planId: PLAN }]);

    const results = { results: [{ institutionCode: 'H43010200001', outcome: 'NO_ISSUES', findings: '未发现问题' }] };
    expect((await call('POST', `/api/v1/credit/inspection-plans/${PLAN}/inspections/0/results`, results)).status).toBe(200);
    expect((await call('POST', `/api/v1/credit/inspection-plans/${PLAN}/inspections/x/results`, results)).status).toBe(400);
    expect(received[CreditInspectionSubjects.recordResults]).toEqual([{ ...results, planId: PLAN, index: 0 }]);
  });

  it('forwards complaints and conclusions; a malformed reporter or amount is 400 naming the field and never leaves the gateway', async () => {
    const body = {
      admdvs: '430100',
      channel: 'hotline',
      subjectType: 'institution',
      subjectCode: 'H43010300071',
      subjectName: '长沙某民营医院',
      content: '该院虚构诊疗项目套取医保基金。',
      anonymous: false,
      reporter: { name: '王小明', phone: '13812345678' },
    };
    expect((await call('POST', '/api/v1/credit/complaints', body)).status).toBe(201);
    expect(received[CreditComplaintSubjects.submit]).toEqual([body]);
    const bad = await call('POST', '/api/v1/credit/complaints', { ...body, reporter: { name: '王小明', phone: '12345' } });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['reporter.phone']);
    expect(received[CreditComplaintSubjects.submit]).toHaveLength(1);
    const conclusion = { substantiated: true, recoveredFen: '50000000', findings: '查实' };
    expect((await call('POST', `/api/v1/credit/complaints/${PLAN}/conclusion`, conclusion)).status).toBe(200);
    expect((await call('POST', `/api/v1/credit/complaints/${PLAN}/conclusion`, { ...conclusion, recoveredFen: 5000 })).status).toBe(400);
    expect(received[CreditComplaintSubjects.conclude]).toEqual([{ ...conclusion, id: PLAN }]);
  });

  it('forwards penalty decisions; a money measure in yuan or an unknown measure is 400 naming the field and never leaves the gateway', async () => {
    const body = {
      subjectType: 'institution',
      subjectCode: 'H43010300071',
      subjectName: '长沙某民营医院',
      admdvs: '430103',
      decisionNo: '长医保罚〔2026〕3号',
      decidedOn: '2026-07-01',
      legalBasis: '《医疗保障基金使用监督管理条例》第四十条',
      facts: '虚构诊疗项目骗取医保基金',
      measures: [{ kind: 'FINE', amountFen: '10000000' }],
    };
    expect(await call('POST', '/api/v1/credit/penalties', body)).toMatchObject({ status: 201, body: { scoreDelta: -60 } });
    expect(received[CreditPenaltySubjects.record]).toEqual([body]);
    const yuan = await call('POST', '/api/v1/credit/penalties', { ...body, measures: [{ kind: 'FINE', amountFen: '100000.00' }] });
    expect(yuan.status).toBe(400);
    expect((yuan.body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['measures[0].amountFen']);
    expect((await call('POST', '/api/v1/credit/penalties', { ...body, measures: [{ kind: 'JAIL' }] })).status).toBe(400);
    expect(received[CreditPenaltySubjects.record]).toHaveLength(1);
    expect((await call('GET', '/api/v1/credit/penalties?subjectType=practitioner&limit=10')).status).toBe(200);
    expect(received[CreditPenaltySubjects.list]).toEqual([{ subjectType: 'practitioner', limit: 10 }]);
  });

  it('forwards an annual referral report submission; a year that is not a number is 400 and never leaves the gateway', async () => {
    const ok = await call('POST', '/api/v1/credit/referrals/annual-report/submissions', { year: 2025 });
    expect(ok).toMatchObject({ status: 201, body: { year: 2025, reportOverdue: false } });
    expect((await call('POST', '/api/v1/credit/referrals/annual-report/submissions', { year: 'last' })).status).toBe(400);
    expect((await call('POST', '/api/v1/credit/referrals/annual-report/submissions', { year: 2025, issuer: 'COMMISSION' })).status).toBe(400);
    expect(received[CreditReferralSubjects.submitAnnualReport]).toEqual([{ year: 2025 }]);
  });
});
