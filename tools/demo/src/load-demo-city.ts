import { randomBytes } from 'node:crypto';
import { admit, generateCity, type HisUploadCredential, PortalTestClient, uploadDayByDay } from '@mi/testing';
import { asDemoCity, DEMO_MARK, demoRemittances, endedMonths, initialPassword, shanghaiTime } from './demo-city';

export interface DemoOptions {
  /** Where the gateway answers (http://127.0.0.1:3000). */
  base: string;
  /** The province administrator's current password (`admin`). */
  adminPassword: string;
  seed: number;
  /** Fee lines datagen generates for the whole year; only what is settled before now is loaded. */
  lines: number;
  now: Date;
  log: (line: string) => void;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'city-officer' | 'reviewer';
  password: string;
}

export interface DemoSummary {
  city: string;
  admdvs: string;
  year: number;
  institutions: number;
  practitioners: number;
  settlements: number;
  /** Visits datagen built to violate a rule, among those loaded. */
  injectedViolations: number;
  reviewCases: number;
  alerts: number;
  /** Months of the year settled and paid (月度结算, maker-checker), with the counties' remittances. */
  monthsSettled: number;
  users: DemoUser[];
  seconds: number;
}

/** The demo's people: two officers of the city (maker and checker) and two reviewers. */
const DEMO_USERS: readonly Omit<DemoUser, 'password'>[] = [
  { username: 'demo.officer1', displayName: '【演示】市医保局经办员一', role: 'city-officer' },
  { username: 'demo.officer2', displayName: '【演示】市医保局经办员二', role: 'city-officer' },
  { username: 'demo.reviewer1', displayName: '【演示】审核员一', role: 'reviewer' },
  { username: 'demo.reviewer2', displayName: '【演示】审核员二', role: 'reviewer' },
];

/**
 * The loader's own pair of officers, so that the demo users keep the initial passwords printed for
 * them (logging in as them would force the change): they propose and approve the admissions, then
 * are disabled.
 */
const LOADER_USERS = ['demo.loader.maker', 'demo.loader.checker'] as const;

export class DemoAlreadyLoaded extends Error {}

export const BANNER = [
  '==========================================================================================',
  `  ${DEMO_MARK} 演示数据 · DEMO DATA — a synthetic city made by tools/datagen.`,
  '  Every institution, practitioner, insured person, ID number and amount is invented;',
  `  institution names start with ${DEMO_MARK}. Do not load it into a production database.`,
  '==========================================================================================',
];

async function ok(what: string, res: Promise<{ status: number; body: Record<string, unknown> }>, status = 200): Promise<Record<string, unknown>> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A count that has stopped moving: review cases and alerts are made by the services after the upload returns. */
async function settled(read: () => Promise<number>, quietMs = 6000, maxMs = 120_000): Promise<number> {
  const started = Date.now();
  let last = await read();
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 1500));
    const n = await read();
    if (n !== last) {
      last = n;
      since = Date.now();
    }
  }
  return last;
}

/**
 * Loads a demo city into a running platform through its public APIs only: datagen's city for the
 * current year, its institutions admitted by maker-checker from 1 January, practitioners and HIS
 * credentials, and every settlement already settled uploaded day by day by its HIS (signed), so
 * review, monitoring, credit and fund pooling do their work on it.
 */
export async function loadDemoCity(o: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const now = shanghaiTime(o.now);
  const year = Number(now.slice(0, 4));
  for (const line of BANNER) o.log(line);

  const admin = await new PortalTestClient(o.base).login('admin', o.adminPassword).catch((e: Error) => {
    throw new Error(`cannot log in as admin at ${o.base} (${e.message}); give the administrator's current password in DEMO_ADMIN_PASSWORD`);
  });
  const city = asDemoCity(generateCity({ seed: o.seed, lines: o.lines, year }), now);

  const users = (await ok('users', admin.get('/api/v1/users'))) as unknown as { username: string }[];
  const first = await admin.get(`/api/v1/institutions/${city.institutions[0].fixmedins_code}`);
  if (first.status === 200 || users.some((u) => u.username.startsWith('demo.'))) {
    throw new DemoAlreadyLoaded(
      `a demo city is already in this database (institution ${city.institutions[0].fixmedins_code} or demo.* users exist); start from an empty database to load it again`,
    );
  }
  o.log(
    `${city.name} (${city.admdvs}), ${year}: ${city.institutions.length} institutions, ${city.practitioners.length} practitioners, ` +
      `${city.settlements.length} settlements settled before ${now} (seed ${o.seed}, ${o.lines} fee lines for the year)`,
  );

  const created = async (u: { username: string; displayName: string; role: string }, password: string) =>
    ok(
      `user ${u.username}`,
      admin.post('/api/v1/users', { username: u.username, displayName: u.displayName, roles: [u.role], scope: city.admdvs, password }),
      201,
    );
  const loaderIds: string[] = [];
  const loaders: PortalTestClient[] = [];
  for (const username of LOADER_USERS) {
    const password = initialPassword(randomBytes);
    loaderIds.push(String((await created({ username, displayName: '演示数据装载', role: 'city-officer' }, password)).id));
    loaders.push(await new PortalTestClient(o.base).login(username, password));
  }
  const [maker, checker] = loaders;

  const creds = new Map<string, HisUploadCredential>();
  for (const [i, inst] of city.institutions.entries()) {
    creds.set(inst.fixmedins_code, await admit(inst, city.practitioners, { maker, checker, admin }, `${year}-01-01`));
    if ((i + 1) % 10 === 0 || i + 1 === city.institutions.length)
      o.log(`admitted ${i + 1}/${city.institutions.length} institutions (agreements from ${year}-01-01, practitioners, HIS credentials)`);
  }

  let month = '';
  const problems = await uploadDayByDay(o.base, creds, city.settlements, (day, sent) => {
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      o.log(`HIS uploads: at ${day} (${sent}/${city.settlements.length} settlements sent)`);
    }
  });
  if (problems.length > 0) throw new Error(`the platform refused ${problems.length} settlements: ${JSON.stringify(problems.slice(0, 3))}`);
  o.log(`HIS uploads: all ${city.settlements.length} settlements accepted; waiting for review and monitoring to finish`);

  const reviewCases = await settled(async () => Number((await ok('review cases', admin.get('/api/v1/review/cases?pageSize=1'))).total));
  const alerts = await settled(async () => Number((await ok('alerts', admin.get('/api/v1/kb/alerts?limit=1'))).total));

  // The fund's year so far: counties remit every ended month, and each month is settled and paid by
  // maker-checker, so the dashboard shows income, balance and months of reserve, not only expense.
  const remittances = demoRemittances(city, now);
  for (const r of remittances)
    await ok(
      `remittance ${r.county} ${r.insutype} ${r.period}`,
      maker.post('/api/v1/fund/county-income', {
        county: r.county,
        insutype: r.insutype,
        period: r.period,
        amountFen: r.amountFen.toString(),
        reference: `DEMO-${r.county}-${r.insutype}-${r.period.replace('-', '')}`,
      }),
      201,
    );
  const months = endedMonths(now);
  for (const period of months) {
    const run = await ok(
      `monthly settlement ${period}`,
      maker.post('/api/v1/fund/monthly-settlements', { admdvs: city.admdvs, period, reason: `${period} 月度结算（演示数据）` }),
      201,
    );
    await ok(`approve the monthly settlement ${period}`, checker.post(`/api/v1/approvals/fund/${String(run.id)}/decide`, { decision: 'approve' }));
  }
  o.log(`fund: ${remittances.length} county remittances recorded, ${months.length} months settled and paid (maker-checker)`);

  for (const id of loaderIds) await ok(`disable ${id}`, admin.post(`/api/v1/users/${id}/disable`));
  const people: DemoUser[] = [];
  for (const u of DEMO_USERS) {
    const password = initialPassword(randomBytes);
    await created(u, password);
    people.push({ ...u, password });
  }

  return {
    city: city.name,
    admdvs: city.admdvs,
    year,
    institutions: city.institutions.length,
    practitioners: city.practitioners.length,
    settlements: city.settlements.length,
    injectedViolations: new Set(city.truth.map((t) => t.setl_id)).size,
    reviewCases,
    alerts,
    monthsSettled: months.length,
    users: people,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** What the user reads at the end: counts, who to log in as, where to look. */
export function summaryLines(s: DemoSummary, portal: string): string[] {
  const officer = s.users.find((u) => u.role === 'city-officer');
  return [
    ...BANNER,
    `  Demo city loaded in ${s.seconds} s: ${s.city} (${s.admdvs}), ${s.year}`,
    `    ${s.institutions} institutions admitted (agreements from ${s.year}-01-01), ${s.practitioners} practitioners`,
    `    ${s.settlements} settlements uploaded by the institutions' HIS and reviewed (${s.injectedViolations} built to break a rule)`,
    `    ${s.reviewCases} review cases opened, ${s.alerts} monitoring alert${s.alerts === 1 ? '' : 's'}`,
    `    ${s.monthsSettled} months settled and paid from the city fund (counties' remittances recorded)`,
    '  Demo users (initial passwords; the portal asks for a new one at first login):',
    ...s.users.map(
      (u) => `    ${u.username.padEnd(15)} ${u.password}   ${u.role === 'city-officer' ? '市级经办 city officer' : '审核员 reviewer'}, ${s.admdvs}`,
    ),
    `  Portal: ${portal}/  — log in as ${officer?.username ?? 'demo.officer1'}, then look at`,
    `    ${portal}/dashboard        overview`,
    `    ${portal}/institutions     定点机构 (names start with ${DEMO_MARK})`,
    `    ${portal}/review/cases     审核案件 — as demo.reviewer1: flagged settlements to work`,
    `    ${portal}/kb/alerts        监控预警`,
    `    ${portal}/credit           信用档案`,
    '==========================================================================================',
  ];
}
