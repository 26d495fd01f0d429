import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postSignedHis, type PortalTestClient } from '@mi/testing';

/** What tools/datagen wrote for one city: institutions, practitioners, settlements and the ground truth. */
export interface GeneratedCity {
  admdvs: string;
  institutions: { fixmedins_code: string; fixmedins_name: string; fixmedins_type: string; hosp_lv: string; uscc: string; admdvs: string; beds?: number }[];
  practitioners: { prac_code: string; prac_name: string; prac_type: string; fixmedins_code: string }[];
  settlements: Record<string, unknown>[];
  /** (setl_id, rule_id) of every visit built to violate a rule. */
  truth: { setl_id: string; rule_id: string }[];
}

const ROOT = path.join(__dirname, '../../..');

/** Runs the built datagen CLI (dist/, made by the global setup) into a temporary folder and reads it back. */
export function generateCity(o: { seed: number; lines: number; year: number }): GeneratedCity {
  const out = mkdtempSync(path.join(tmpdir(), 'mi-scenario-'));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/tools/datagen/src/cli.js'),
      '--seed',
      String(o.seed),
      '--lines',
      String(o.lines),
      '--year',
      String(o.year),
      '--out',
      out,
      '--format',
      'ndjson',
      '--no-progress',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const ndjson = (file: string) =>
    readFileSync(path.join(out, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const city = JSON.parse(readFileSync(path.join(out, 'institutions.json'), 'utf8')) as Omit<GeneratedCity, 'settlements' | 'truth'>;
  return {
    admdvs: city.admdvs,
    institutions: city.institutions,
    practitioners: city.practitioners,
    settlements: ndjson('settlements.ndjson'),
    truth: ndjson('ground-truth.ndjson').map((t) => ({ setl_id: String(t.setl_id), rule_id: String(t.rule_id) })),
  };
}

const MEDICAL_SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'];
const PHARMACY_MATERIALS = ['application-form', 'licences', 'staff-roster', 'product-list-ledger', 'inspection-certificates', 'premises', 'last-year-accounts'];
const MEDICAL_MATERIALS = ['application-form', 'practice-licence', 'staff-roster', 'insurance-management', 'his-interface', 'premises', 'last-year-accounts'];

async function must(what: string, res: Promise<{ status: number; body: Record<string, unknown> }>, status: number): Promise<Record<string, unknown>> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * One generated institution through the bureau's real admission path — registry with its licences,
 * application with the materials and facts of its type, evaluation 3/3, signing from `validFrom`
 * proposed by `maker` and approved by `checker` — its practitioners registered, and a HIS credential.
 */
export async function admit(
  inst: GeneratedCity['institutions'][number],
  practitioners: GeneratedCity['practitioners'],
  officers: { maker: PortalTestClient; checker: PortalTestClient; admin: PortalTestClient },
  validFrom: string,
): Promise<{ paasId: string; paasToken: string }> {
  const { maker, checker, admin } = officers;
  const code = inst.fixmedins_code;
  const pharmacy = inst.fixmedins_type === 'pharmacy';
  await must(
    `registration of ${code}`,
    maker.post('/api/v1/institutions', {
      code,
      name: inst.fixmedins_name,
      type: inst.fixmedins_type,
      level: inst.hosp_lv,
      admdvs: inst.admdvs,
      uscc: inst.uscc,
    }),
    201,
  );
  for (const kind of pharmacy ? ['drug-trade', 'business', 'gsp'] : ['practice']) {
    await must(
      `licence of ${code}`,
      maker.post(`/api/v1/institutions/${code}/licences`, { kind, number: `${kind}-${code}`, issuedOn: '2020-01-01', expiresOn: '2030-12-31' }),
      201,
    );
  }
  const facts = pharmacy
    ? { openedOn: '2020-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: MEDICAL_SYSTEMS }
    : {
        openedOn: '2020-05-01',
        ownership: 'public',
        beds: inst.beds ?? 0,
        firstRegisteredPhysicians: 10,
        insuranceDepartment: true,
        informationSystems: MEDICAL_SYSTEMS,
      };
  const app = await must(
    `application of ${code}`,
    maker.post('/api/v1/applications', { institutionCode: code, materials: pharmacy ? PHARMACY_MATERIALS : MEDICAL_MATERIALS, facts }),
    201,
  );
  const votes = ['a', 'b', 'c'].map((member) => ({ member, inFavour: true }));
  await must(`evaluation of ${code}`, maker.post(`/api/v1/applications/${String(app.id)}/evaluation`, { team: ['a', 'b', 'c'], votes }), 200);
  const indicators = { westernStockingRatePct: 80, patentChineseStockingRatePct: 60, selfPayRatioPct: 10 };
  const sign = await must(`signing of ${code}`, maker.post('/api/v1/agreements', { applicationId: app.id, validFrom, indicators, reason: '评估合格' }), 202);
  await must(`approval of ${code}`, checker.post(`/api/v1/approvals/agreement/${String(sign.approvalId)}/decide`, { decision: 'approve' }), 200);
  for (const p of practitioners.filter((x) => x.fixmedins_code === code)) {
    await must(
      `practitioner ${p.prac_code}`,
      maker.post('/api/v1/practitioners', {
        code: p.prac_code,
        name: p.prac_name,
        institutionCode: code,
        type: p.prac_type === 'doctor' ? 'physician' : p.prac_type,
      }),
      201,
    );
  }
  const cred = await must(`HIS credential of ${code}`, admin.post('/api/v1/his-clients', { institutionCode: code, mode: 'compatible' }), 201);
  return { paasId: String(cred.paasId), paasToken: String(cred.paasToken) };
}

/** Uploads an institution's settlements as its HIS would (signed, in requests of `per`); returns the rows refused or not accepted. */
export async function upload(base: string, cred: { paasId: string; paasToken: string }, settlements: Record<string, unknown>[], per = 200): Promise<unknown[]> {
  const problems: unknown[] = [];
  for (let i = 0; i < settlements.length; i += per) {
    const part = settlements.slice(i, i + per);
    const res = await postSignedHis(base, cred, '/his/v1/settlements', { settlements: part });
    if (res.body.infcode !== 0) {
      problems.push({ request: i / per, err_msg: res.body.err_msg });
      continue;
    }
    const rows = (res.body.output.results ?? []) as { setl_id: string; status: string }[];
    problems.push(...rows.filter((r) => r.status !== 'ACCEPTED'));
  }
  return problems;
}
