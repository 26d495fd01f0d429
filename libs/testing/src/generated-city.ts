import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postSignedHis } from './his-settlements';
import type { PortalTestClient } from './portal-client';

/** What tools/datagen wrote for one city: institutions, practitioners, settlements and the ground truth. */
export interface GeneratedCity {
  admdvs: string;
  /** The city's name (长沙市). */
  name: string;
  institutions: { fixmedins_code: string; fixmedins_name: string; fixmedins_type: string; hosp_lv: string; uscc: string; admdvs: string; beds?: number }[];
  practitioners: { prac_code: string; prac_name: string; prac_type: string; fixmedins_code: string }[];
  settlements: Record<string, unknown>[];
  /** (setl_id, rule_id) of every visit built to violate a rule. */
  truth: { setl_id: string; rule_id: string }[];
}

export interface HisUploadCredential {
  paasId: string;
  paasToken: string;
}

/**
 * The workspace root: the nearest folder above this file holding nx.json — the same from the
 * sources (tests) and from dist/ (the built demo loader), which sit at different depths.
 */
function workspaceRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no nx.json above ${__dirname}`);
  }
}

/** Runs the built datagen CLI (dist/tools/datagen) into a temporary folder, reads the city back and removes the folder. */
export function generateCity(o: { seed: number; lines: number; year: number }): GeneratedCity {
  const out = mkdtempSync(path.join(tmpdir(), 'mi-city-'));
  try {
    return readCity(o, out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function readCity(o: { seed: number; lines: number; year: number }, out: string): GeneratedCity {
  execFileSync(
    process.execPath,
    [
      path.join(workspaceRoot(), 'dist/tools/datagen/src/cli.js'),
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
    name: city.name,
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
): Promise<HisUploadCredential> {
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
export async function upload(base: string, cred: HisUploadCredential, settlements: Record<string, unknown>[], per = 200): Promise<unknown[]> {
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

/**
 * Uploads the settlements as they happen: day by day (by `setl_time`), each institution's HIS
 * sending what it settled that day with its own credential. `onDay` hears each day once it is sent.
 * Returns the rows refused or not accepted.
 */
export async function uploadDayByDay(
  base: string,
  creds: ReadonlyMap<string, HisUploadCredential>,
  settlements: readonly Record<string, unknown>[],
  onDay?: (day: string, sent: number) => void,
): Promise<unknown[]> {
  const byDay = new Map<string, Map<string, Record<string, unknown>[]>>();
  for (const st of [...settlements].sort((a, b) => String(a.setl_time).localeCompare(String(b.setl_time)))) {
    const day = String(st.setl_time).slice(0, 10);
    const perInst = byDay.get(day) ?? new Map<string, Record<string, unknown>[]>();
    perInst.set(String(st.fixmedins_code), [...(perInst.get(String(st.fixmedins_code)) ?? []), st]);
    byDay.set(day, perInst);
  }
  const problems: unknown[] = [];
  let sent = 0;
  for (const [day, perInst] of byDay) {
    for (const [code, part] of perInst) {
      const cred = creds.get(code);
      if (!cred) throw new Error(`no HIS credential for ${code}`);
      problems.push(...(await upload(base, cred, part)));
      sent += part.length;
    }
    onDay?.(day, sent);
  }
  return problems;
}
