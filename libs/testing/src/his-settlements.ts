import { randomBytes } from 'node:crypto';
import { compatibleSignature } from '@mi/platform';
import { anIdCardNumber, anInstitutionRegistration } from './builders';
import type { PortalTestClient } from './portal-client';

const HOSPITAL_SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'];
const HOSPITAL_MATERIALS = ['application-form', 'practice-licence', 'staff-roster', 'insurance-management', 'his-interface', 'premises', 'last-year-accounts'];

/**
 * A hospital through registry, application, evaluation and signing by two city officers (`maker`
 * proposes, `checker` approves), then given a compatible-mode HIS credential by the administrator:
 * what a test needs before the hospital can upload settlements.
 */
export async function admitHospital(
  maker: PortalTestClient,
  checker: PortalTestClient,
  admin: PortalTestClient,
  code: string,
): Promise<{ paasId: string; paasToken: string }> {
  const must = (what: string, res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`${what} of ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  must('registration', await maker.post('/api/v1/institutions', anInstitutionRegistration({ code })), 201);
  const licence = { kind: 'practice', number: `practice-${code}`, issuedOn: '2020-01-01', expiresOn: '2030-12-31' };
  must('licence', await maker.post(`/api/v1/institutions/${code}/licences`, licence), 201);
  const facts = {
    openedOn: '2020-05-01',
    ownership: 'public',
    beds: 300,
    firstRegisteredPhysicians: 40,
    insuranceDepartment: true,
    informationSystems: HOSPITAL_SYSTEMS,
  };
  const app = must('application', await maker.post('/api/v1/applications', { institutionCode: code, materials: HOSPITAL_MATERIALS, facts }), 201);
  const votes = ['a', 'b', 'c'].map((member) => ({ member, inFavour: true }));
  must('evaluation', await maker.post(`/api/v1/applications/${String(app.id)}/evaluation`, { team: ['a', 'b', 'c'], votes }), 200);
  const indicators = { westernStockingRatePct: 80, patentChineseStockingRatePct: 60, selfPayRatioPct: 10 };
  const sign = must('signing', await maker.post('/api/v1/agreements', { applicationId: app.id, indicators, reason: '评估合格' }), 202);
  must('approval', await checker.post(`/api/v1/approvals/agreement/${String(sign.approvalId)}/decide`, { decision: 'approve' }), 200);
  const cred = must('HIS credential', await admin.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' }), 201);
  return { paasId: String(cred.paasId), paasToken: String(cred.paasToken) };
}

/**
 * A HIS's POST to one of the gateway's `/his/v1` routes, signed with the compatible x-tif headers:
 * `body` as JSON, or with `raw` the exact bytes of a string body sent as `contentType` (NDJSON, garbage).
 */
export async function postSignedHis(
  base: string,
  cred: { paasId: string; paasToken: string },
  path: string,
  body: unknown,
  o: { raw?: boolean; contentType?: string } = {},
): Promise<{ status: number; body: { infcode: number; err_msg: string | null; output: Record<string, unknown> } }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(12).toString('hex');
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/json',
      'x-tif-paasid': cred.paasId,
      'x-tif-timestamp': timestamp,
      'x-tif-nonce': nonce,
      'x-tif-signature': compatibleSignature(timestamp, cred.paasToken, nonce),
    },
    body: o.raw ? String(body) : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as never };
  } catch {
    return { status: res.status, body: { infcode: Number.NaN, err_msg: text, output: {} } };
  }
}

/**
 * One outpatient settlement as a HIS uploads it (`POST /his/v1/settlements`): one fee line of
 * `hilistCode`, 25.00 yuan of which the pooled fund pays 15.00, settled today (Asia/Shanghai).
 */
export function aHisSettlement(o: { setlId: string; institutionCode: string; hilistCode: string; gender?: '1' | '2' }): Record<string, unknown> {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const gend = o.gender ?? '1';
  const diagnosis = { diag_code: 'J06.900', diag_name: '急性上呼吸道感染', maindiag_flag: '1' };
  const line = { feedetl_sn: '1', fee_ocur_time: `${today} 09:30:00`, hilist_code: o.hilistCode, hilist_name: '药品', list_type: '101' };
  return {
    ...{ setl_id: o.setlId, mdtrt_id: `MD${o.setlId}`, psn_no: `P${o.setlId}`, psn_name: '张三', psn_cert_type: '01' },
    ...{ certno: anIdCardNumber({ gender: gend, birthDate: '1980-05-06' }), gend, brdy: '1980-05-06', insutype: '310', med_type: '11' },
    ...{ med_mdtrt_type: '1', setl_time: `${today} 10:00:00`, begndate: today, enddate: today, fixmedins_code: o.institutionCode },
    ...{ medins_admdvs: o.institutionCode.slice(1, 7), poolarea: `${o.institutionCode.slice(1, 5)}00`, dscg_maindiag_code: 'J06.900' },
    ...{ diseinfo: [diagnosis], adm_dept_codg: 'K01', atddr_no: 'D001', refd_setl_flag: '0' },
    ...{ medfee_sumamt: '25.00', hifp_pay: '15.00', acct_pay: 5, psn_cash_pay: '5.00' },
    fee_list: [{ ...line, cnt: '2', pric: '12.50', det_item_fee_sumamt: '25.00', bilg_dr_codg: 'D001' }],
  };
}
