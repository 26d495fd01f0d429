import { canonicalRequest, strongSignature } from '@mi/platform';
import type { Client } from 'pg';
import {
  anInstitutionRegistration,
  type HisCredential,
  HisTestClient,
  PortalTestClient,
  startTestPlatform,
  TEST_USER_PASSWORD,
  type TestPlatform,
} from '@mi/testing';

/**
 * HIS authentication at the gateway (NHSA x-tif headers) through the built processes: the bureau
 * issues a credential in the portal, a HIS signs 9001 sign-in requests the national way or in
 * strong mode; forged, replayed, stale, foreign-institution, revoked and too-frequent requests
 * are refused with `infcode: -1` and change nothing.
 */
describe('HIS clients: signed requests to the national interface', () => {
  let platform: TestPlatform;
  let pg: Client;
  let base: string;
  let officer: PortalTestClient;
  let his: HisTestClient;
  let credentialId: string;

  const code = 'H43010200001';
  const signIn = () => his.envelope('9001', { signIn: { opter_no: '0001', mac: '00-16-3E-00-00-01', ip: '10.1.2.3' } });
  const signIns = async () =>
    Number((await pg.query<{ n: string }>(`select count(*)::text as n from gateway.audit_log where action = 'his.sign-in'`)).rows[0].n);

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service']);
    ({ pg, base } = platform);
    officer = await platform.user('cs.officer', ['city-officer'], '430100');
    await platform.user('zz.officer', ['city-officer'], '430200');
    await platform.user('cs.officer2', ['city-officer'], '430100');
    expect((await officer.post('/api/v1/institutions', anInstitutionRegistration({ code }))).status).toBe(201);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('issues a credential once (secret shown once, stored encrypted) and only inside the officer’s city', async () => {
    const zhuzhou = await new PortalTestClient(base).login('zz.officer', TEST_USER_PASSWORD);
    const foreign = await zhuzhou.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' });
    expect(foreign.status).toBe(404); // the registry does not show another city's institution
    const unknown = await officer.post('/api/v1/his-clients', { institutionCode: 'H43010299999', mode: 'compatible' });
    expect(unknown.status).toBe(404);

    const created = await officer.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ institutionCode: code, admdvs: '430102', mode: 'compatible', status: 'active' });
    const secret = String(created.body.paasToken);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    credentialId = String(created.body.id);
    const list = await officer.get('/api/v1/his-clients');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const stored = await pg.query<{ secret_enc: string }>('select secret_enc from gateway.his_client');
    expect(stored.rows[0].secret_enc).not.toContain(secret);
    his = new HisTestClient(base, code, { paasId: String(created.body.paasId), paasToken: secret, mode: 'compatible' });
  });

  it('accepts a 9001 sign-in signed the national way, infno in the body or in the path', async () => {
    const res = await his.call(signIn());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ infcode: 0, err_msg: null });
    expect(res.body.inf_refmsgid).toMatch(/^430000\d{14}\d{10}$/);
    expect(res.body.respond_time).toMatch(/^\d{17}$/);
    expect((res.body.output as { signinoutb: { sign_no: string; sign_time: string } }).signinoutb.sign_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await his.call(signIn(), { infnoInPath: true })).body.infcode).toBe(0);
    expect(await signIns()).toBe(2);
  });

  it.each([
    ['a wrong signature', () => ({ signature: 'a'.repeat(64) }), /签名校验失败/],
    ['a stale timestamp', () => ({ timestamp: Math.floor(Date.now() / 1000) - 302 }), /时间窗口/],
    ['a future timestamp', () => ({ timestamp: Math.floor(Date.now() / 1000) + 302 }), /时间窗口/],
  ])('refuses %s with infcode -1 and records nothing', async (_what, options, message) => {
    const before = await signIns();
    const res = await his.call(signIn(), options());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ infcode: -1, output: {} });
    expect(String(res.body.err_msg)).toMatch(message);
    expect(await signIns()).toBe(before);
  });

  it('refuses a replayed request (same nonce), a missing header, another institution’s envelope and an unknown infno', async () => {
    const before = await signIns();
    const envelope = signIn();
    expect((await his.call(envelope, { nonce: 'fixed-nonce-0001' })).body.infcode).toBe(0);
    const replay = await his.call(envelope, { nonce: 'fixed-nonce-0001' });
    expect(replay.body).toMatchObject({ infcode: -1 });
    expect(String(replay.body.err_msg)).toMatch(/nonce/);
    const noHeaders = await fetch(`${base}/fsi/api/rsfComIfsService/callService`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signIn()),
    });
    expect(await noHeaders.json()).toMatchObject({ infcode: -1, err_msg: expect.stringContaining('x-tif-paasid') });
    const foreign = await his.call(his.envelope('9001', { signIn: { opter_no: '1' } }, { fixmedins_code: 'H43010200002' }));
    expect(String(foreign.body.err_msg)).toMatch(/fixmedins_code/);
    const unknownInfno = await his.call(his.envelope('9999', {}));
    expect(String(unknownInfno.body.err_msg)).toMatch(/infno=9999/);
    const missingInput = await his.call(his.envelope('9001', {}, { opter: undefined }));
    expect(missingInput.body.infcode).toBe(-1);
    expect(await signIns()).toBe(before + 1);
  });

  it('lets the bureau require strong signatures (HMAC-SM3 over method, path, time, nonce, body)', async () => {
    const res = await officer.post(`/api/v1/his-clients/${credentialId}/mode`, { mode: 'strong', algorithm: 'HMAC-SM3' });
    expect(res.status).toBe(200);
    const compatible = await his.call(signIn());
    expect(compatible.body.infcode).toBe(-1);
    expect(String(compatible.body.err_msg)).toMatch(/强签名|strong/);
    his.credential = { ...his.credential, mode: 'strong', algorithm: 'HMAC-SM3' } satisfies HisCredential;
    expect((await his.call(signIn())).body).toMatchObject({ infcode: 0, err_msg: null });
    // The signature covers the body: the bytes signed are not the bytes sent.
    const signedFor = JSON.stringify(signIn());
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = strongSignature(
      'HMAC-SM3',
      his.credential.paasToken,
      canonicalRequest({ method: 'POST', path: '/fsi/api/rsfComIfsService/callService', timestamp: ts, nonce: 'n-tamper-1', body: signedFor }),
    );
    const tampered = await his.call(signIn(), { rawBody: signedFor.replace('"0001"', '"9999"'), timestamp: Number(ts), nonce: 'n-tamper-1', signature: sig });
    expect(tampered.body.infcode).toBe(-1);
    expect((await his.call(signIn(), { signature: 'b'.repeat(64) })).body.infcode).toBe(-1);
    // Not JSON at all: still an NHSA answer, not a crash.
    const garbage = await his.call(signIn(), { rawBody: '{"infno": 9001,' });
    expect(garbage.status).toBe(200);
    expect(garbage.body.infcode).toBe(-1);
  });

  it('relaxing back to compatible signatures takes effect only when a second officer approves', async () => {
    const proposed = await officer.post(`/api/v1/his-clients/${credentialId}/mode`, { mode: 'compatible', reason: '医院HIS升级延期，临时恢复兼容签名' });
    expect(proposed.status).toBe(202);
    expect(proposed.body).toMatchObject({ status: 'PENDING', action: 'his-client.relax-signature', proposedBy: { name: 'cs.officer' } });
    const approvalId = String(proposed.body.id);
    expect((await his.call(signIn())).body.infcode).toBe(0); // still strong
    const self = await officer.post(`/api/v1/approvals/gateway/${approvalId}/decide`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('FORBIDDEN.SAME_PERSON');
    const second = await new PortalTestClient(base).login('cs.officer2', TEST_USER_PASSWORD);
    const todo = await second.get('/api/v1/approvals/gateway?status=PENDING');
    expect((todo.body.items as { id: string }[]).map((a) => a.id)).toEqual([approvalId]);
    const approved = await second.post(`/api/v1/approvals/gateway/${approvalId}/decide`, { decision: 'approve', note: '同意，限期一个月' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decidedBy: { name: 'cs.officer2' }, result: { mode: 'compatible' } });
    his.credential = { ...his.credential, mode: 'compatible' };
    expect((await his.call(signIn())).body.infcode).toBe(0);
    // Tightening again needs nobody's approval.
    expect((await officer.post(`/api/v1/his-clients/${credentialId}/mode`, { mode: 'strong', algorithm: 'HMAC-SM3' })).status).toBe(200);
    his.credential = { ...his.credential, mode: 'strong', algorithm: 'HMAC-SM3' };
    expect((await his.call(signIn())).body.infcode).toBe(0);
  });

  it('rotates and revokes: the old secret stops working at once', async () => {
    const rotated = await officer.post(`/api/v1/his-clients/${credentialId}/rotate`);
    expect(rotated.status).toBe(200);
    expect((await his.call(signIn())).body.infcode).toBe(-1);
    his.credential = { ...his.credential, paasToken: String(rotated.body.paasToken) };
    expect((await his.call(signIn())).body.infcode).toBe(0);
    expect((await officer.post(`/api/v1/his-clients/${credentialId}/revoke`)).status).toBe(200);
    const revoked = await his.call(signIn());
    expect(String(revoked.body.err_msg)).toMatch(/无效或已注销/);
    const actions = await pg.query<{ action: string }>(`select action from gateway.audit_log where target_type = 'his-client' order by seq`);
    expect(actions.rows.map((r) => r.action)).toEqual([
      'his-client.create',
      'his-client.set-mode',
      'his-client.set-mode',
      'his-client.set-mode',
      'his-client.rotate',
      'his-client.revoke',
    ]);
  });

  it('limits the request rate per institution', async () => {
    const created = await officer.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible', ratePerMinute: 3 });
    const limited = new HisTestClient(base, code, { paasId: String(created.body.paasId), paasToken: String(created.body.paasToken), mode: 'compatible' });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push(Number((await limited.call(signIn())).body.infcode));
    expect(codes).toEqual([0, 0, 0, -1, -1]);
  });
});
