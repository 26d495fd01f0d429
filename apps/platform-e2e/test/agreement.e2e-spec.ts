import { Client } from 'pg';
import {
  anInstitutionRegistration,
  aUscc,
  createEmptyTestDatabase,
  createTestNats,
  PortalTestClient,
  serviceEnv,
  type SpawnedService,
  spawnService,
  TEST_ADMIN_PASSWORD,
  TEST_USER_PASSWORD,
  type TestDatabase,
  type TestNats,
} from '@mi/testing';

const SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'];
const MATERIALS = ['application-form', 'licences', 'staff-roster', 'product-list-ledger', 'inspection-certificates', 'premises', 'last-year-accounts'];

/** Today in Asia/Shanghai (the built processes run on the system clock). */
function shanghaiDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * 定点协议 through the built processes: HTTP → gateway → agreement-service. Application,
 * evaluation, signing by two officers (maker-checker), terminal binding, a suspension proposed by
 * one officer and approved by another, problem+json refusals, region-scoped lists.
 */
describe('agreement: apply, evaluate, sign, suspend through the gateway', () => {
  let db: TestDatabase;
  let nats: TestNats;
  const procs: SpawnedService[] = [];
  let maker: PortalTestClient;
  let checker: PortalTestClient;
  let zhuzhou: PortalTestClient;
  const code = 'P43010200031';

  beforeAll(async () => {
    [db, nats] = await Promise.all([createEmptyTestDatabase(), createTestNats()]);
    const started = await Promise.all([
      spawnService('agreement-service', serviceEnv('agreement-service', db, nats)),
      spawnService('credit-service', serviceEnv('credit-service', db, nats)),
      spawnService('gateway', serviceEnv('gateway', db, nats, { BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD })),
    ]);
    procs.push(...started);
    const base = started[2].ready.url ?? '';
    const admin = await new PortalTestClient(base).login('admin', TEST_ADMIN_PASSWORD);
    for (const username of ['cs.maker', 'cs.checker']) {
      const r = await admin.post('/api/v1/users', { username, displayName: username, roles: ['city-officer'], scope: '430100', password: TEST_USER_PASSWORD });
      expect(r.status).toBe(201);
    }
    const zz = await admin.post('/api/v1/users', {
      username: 'zz.officer',
      displayName: '株洲经办',
      roles: ['city-officer'],
      scope: '430200',
      password: TEST_USER_PASSWORD,
    });
    expect(zz.status).toBe(201);
    zhuzhou = await new PortalTestClient(base).login('zz.officer', TEST_USER_PASSWORD);
    maker = await new PortalTestClient(base).login('cs.maker', TEST_USER_PASSWORD);
    checker = await new PortalTestClient(base).login('cs.checker', TEST_USER_PASSWORD);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await nats?.cleanup();
    await db?.drop();
  });

  it('designates a pharmacy with two officers and suspends it with two officers', async () => {
    expect((await maker.post('/api/v1/institutions', anInstitutionRegistration({ code, type: 'pharmacy', level: '0', name: '长沙芙蓉大药房' }))).status).toBe(
      201,
    );
    const noLicences = await maker.post('/api/v1/applications', {
      institutionCode: code,
      materials: MATERIALS,
      facts: { openedOn: '2024-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: SYSTEMS },
    });
    expect(noLicences).toMatchObject({
      status: 409,
      body: { code: 'AGREEMENT.NOT_ELIGIBLE', details: { rules: [expect.objectContaining({ rule: 'ADM-LICENCES' })] } },
    });
    for (const kind of ['drug-trade', 'business', 'gsp']) {
      const r = await maker.post(`/api/v1/institutions/${code}/licences`, {
        kind,
        number: `${kind}-0031`,
        issuedOn: '2022-01-01',
        expiresOn: shanghaiDate(60),
      });
      expect(r.status).toBe(201);
    }
    expect((await maker.get('/api/v1/licences?expiringWithinDays=90')).body).toMatchObject({ total: 3 });
    const app = await maker.post('/api/v1/applications', {
      institutionCode: code,
      materials: MATERIALS,
      facts: { openedOn: '2024-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: SYSTEMS },
    });
    expect(app).toMatchObject({ status: 201, body: { status: 'ACCEPTED' } });
    const id = String(app.body.id);
    const votes = ['a', 'b', 'c'].map((member, i) => ({ member, inFavour: i < 2 }));
    expect((await maker.post(`/api/v1/applications/${id}/evaluation`, { team: ['a', 'b', 'c'], votes })).body).toMatchObject({ status: 'PASSED' });

    const sign = await maker.post('/api/v1/agreements', {
      applicationId: id,
      indicators: { westernStockingRatePct: 80, costPerAdmissionFen: '850000' },
      reason: '评估合格',
    });
    expect(sign).toMatchObject({ status: 202, body: { status: 'PENDING', action: 'agreement.sign' } });
    const self = await maker.post(`/api/v1/approvals/agreement/${String(sign.body.approvalId)}/decide`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect((await checker.post(`/api/v1/approvals/agreement/${String(sign.body.approvalId)}/decide`, { decision: 'approve' })).status).toBe(200);
    const agreement = await maker.get(`/api/v1/agreements/${code}`);
    expect(agreement.body).toMatchObject({
      status: 'ACTIVE',
      validFrom: shanghaiDate(),
      validTo: `${shanghaiDate().slice(0, 4)}-12-31`,
      indicators: { costPerAdmissionFen: '850000' },
    });

    const terminal = await maker.post('/api/v1/terminals', { institutionCode: code, ip: '192.168.1.20', psamNo: '00AA11BB22CC33DD', cashier: 'sy01' });
    expect(terminal).toMatchObject({ status: 201, body: { status: 'BOUND' } });

    const bad = await maker.post(`/api/v1/agreements/${code}/suspensions`, {
      reason: '检查',
      legalBasis: '第四十二条',
      startsOn: shanghaiDate(),
      endsOn: 'next week',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const proposal = await maker.post(`/api/v1/agreements/${code}/suspensions`, {
      reason: '日常检查发现重大风险',
      legalBasis: '第四十二条',
      startsOn: shanghaiDate(),
      endsOn: shanghaiDate(3),
    });
    expect(proposal.status).toBe(202);
    expect((await maker.get(`/api/v1/agreements/${code}`)).body).toMatchObject({ status: 'ACTIVE' });
    expect((await checker.post(`/api/v1/approvals/agreement/${String(proposal.body.approvalId)}/decide`, { decision: 'approve' })).status).toBe(200);
    expect((await maker.get(`/api/v1/agreements/${code}`)).body).toMatchObject({ status: 'SUSPENDED' });
    const overlap = await maker.post(`/api/v1/agreements/${code}/suspensions`, {
      reason: '再次',
      legalBasis: '第四十二条',
      startsOn: shanghaiDate(1),
      endsOn: shanghaiDate(2),
    });
    expect(overlap).toMatchObject({ status: 409, body: { code: 'AGREEMENT.SUSPENSION_OVERLAP' } });

    const list = await maker.get('/api/v1/agreements?status=SUSPENDED&type=pharmacy&expiringWithinDays=366&limit=10');
    expect(list.body).toMatchObject({ total: 1, limit: 10, items: [expect.objectContaining({ institutionCode: code })] });
    expect((await maker.get('/api/v1/agreements?status=BROKEN')).status).toBe(400);
    expect((await maker.get('/api/v1/terminals?status=BOUND')).body).toMatchObject({ total: 1 });
  });

  it('refuses an applicant credit-service has on a dishonesty list, naming the rule', async () => {
    const listedCode = 'P43010200032';
    const registration = anInstitutionRegistration({
      code: listedCode,
      type: 'pharmacy',
      level: '0',
      name: '长沙失信药房',
      uscc: aUscc({ region: '430102', serial: 32 }),
    });
    expect((await maker.post('/api/v1/institutions', registration)).status).toBe(201);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query(
        `insert into credit.blacklist_entry (id, subject_kind, subject_code, reason, listed_on, admdvs) values (gen_random_uuid(), 'uscc', $1, '欺诈骗保', '2025-01-01', '430102')`,
        [registration.uscc],
      );
    } finally {
      await pg.end();
    }
    const r = await maker.post('/api/v1/applications', {
      institutionCode: listedCode,
      materials: MATERIALS,
      facts: { openedOn: '2024-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: SYSTEMS },
    });
    expect(r).toMatchObject({
      status: 409,
      body: { code: 'AGREEMENT.APPLICATION_REFUSED', details: { rules: [expect.objectContaining({ rule: 'AGR-04.dishonesty-list' })] } },
    });
  });

  it('keeps another city out: 404 on its agreements, empty lists, no decisions', async () => {
    expect((await zhuzhou.get(`/api/v1/agreements/${code}`)).status).toBe(404);
    expect((await zhuzhou.get('/api/v1/agreements')).body).toMatchObject({ total: 0, items: [] });
    expect((await zhuzhou.get('/api/v1/terminals')).body).toMatchObject({ total: 0 });
    const decision = await zhuzhou.post(`/api/v1/agreements/${code}/termination`, { ground: 3, reason: '欺诈骗保' });
    expect(decision.status).toBe(404);
    expect((await maker.get(`/api/v1/agreements/${code}`)).body).toMatchObject({ status: 'SUSPENDED' });
  });
});
