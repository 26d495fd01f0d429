/**
 * Benchmark of `mi.v1.agreement.settlement-eligibility` — prints figures, asserts nothing about
 * time. Run (real PostgreSQL + NATS, like the int tests):
 *
 *   cd /work/main && PATH=node_modules/.bin:$PATH NODE_OPTIONS="--experimental-vm-modules --no-warnings" TZ=UTC \
 *     jest -c apps/agreement-service/jest.config.cjs --testMatch '**\/bench/*.bench.ts'
 *
 * Three figures in one run on one machine: the in-memory check in-process, the same check over
 * NATS through the service's handler (actor token signed and verified, validation pipe, reply
 * envelope), and a bare NATS request/reply echo on the same connection — the floor any NATS
 * answer pays.
 */
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { AgreementSubjects, type SettlementEligibilityReply } from '@mi/contracts';
import { type MiNatsClient, type RunningProcess } from '@mi/platform';
import { createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { AgreementConfig } from '../src/config';
import { EligibilityCache } from '../src/eligibility/eligibility-cache';
import { persistence } from '../src/persistence';

const INSTITUTIONS = 5000;
const IN_PROCESS = 1_000_000;
const SEQUENTIAL = 2000;
const CONCURRENT = 20_000;
const IN_FLIGHT = 64;

function code(i: number): string {
  return `P350102${String(i).padStart(5, '0')}`;
}

async function concurrently(total: number, inFlight: number, one: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await one(next++);
    }),
  );
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')} /s`;
}

describe('settlement-eligibility benchmark', () => {
  let infra: TestInfra;
  let sut: RunningProcess<AgreementConfig>;
  let client: MiNatsClient;

  beforeAll(async () => {
    infra = await createTestInfra([persistence]);
    sut = await startTestService(infra, AppModule, AgreementConfig, 'agreement-service', { extraEnv: { SWEEP_INTERVAL_MS: 0, BLACKLIST_SOURCE: 'none' } });
    client = testNatsClient(infra, 10_000);
    // Set-based seed: institutions, this year's agreements, every 10th suspended, one terminal each.
    const em = sut.get(MikroORM).em.fork();
    const year = new Date().getUTCFullYear();
    await em.execute(
      `insert into agreement.institution (id, code, name, type, level, admdvs, poolarea, uscc, registered_at)
       select gen_random_uuid(), 'P350102' || lpad(i::text, 5, '0'), 'bench ' || i, 'pharmacy', '0', '350102', '350100', '91350102MA2Y0000' || lpad((i % 100)::text, 2, '0'), now()
       from generate_series(0, ${INSTITUTIONS - 1}) i`,
    );
    await em.execute(
      `insert into agreement.agreement (id, number, institution_code, admdvs, poolarea, status, valid_from, valid_to, expires_at, indicators, signed_at)
       select gen_random_uuid(), '350100-${year}-' || code, code, '350102', '350100', 'ACTIVE', '${year}-01-01', '${year}-12-31', '${year + 1}-01-01T00:00:00+08:00', '{}', now()
       from agreement.institution`,
    );
    await em.execute(
      `insert into agreement.suspension (id, agreement_id, kind, status, reason, legal_basis, starts_on, ends_on, starts_at, ends_at, resume_requested)
       select gen_random_uuid(), a.id, 'MANDATORY', 'ACTIVE', 'bench', 'bench', '${year}-01-01', '${year}-12-31', '${year}-01-01T00:00:00+08:00', '${year + 1}-01-01T00:00:00+08:00', false
       from agreement.agreement a where right(a.institution_code, 1) = '0'`,
    );
    await em.execute(
      `insert into agreement.terminal (id, institution_code, ip, psam_no, cashier, status, bound_at, admdvs)
       select gen_random_uuid(), code, '10.0.0.1', lpad(to_hex(row_number() over ()), 16, '0'), 'c', 'BOUND', now(), '350102' from agreement.institution`,
    );
    await sut.get(EligibilityCache).rebuild();
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await infra?.close();
  });

  it('prints checks per second: in-process, over NATS, bare NATS round trip', async () => {
    const cache = sut.get(EligibilityCache);
    const now = new Date();
    const lines: string[] = [];

    let eligible = 0;
    let t = performance.now();
    for (let i = 0; i < IN_PROCESS; i++) if (cache.check(code(i % INSTITUTIONS), now).eligible) eligible++;
    lines.push(
      `in-process cache.check          ${IN_PROCESS.toLocaleString('en-US')} checks  ${rate(IN_PROCESS, performance.now() - t)}  (eligible ${eligible})`,
    );

    const ask = (i: number) => client.request<SettlementEligibilityReply>(AgreementSubjects.settlementEligibility, { institutionCode: code(i % INSTITUTIONS) });
    for (let i = 0; i < 200; i++) await ask(i); // warm-up
    t = performance.now();
    for (let i = 0; i < SEQUENTIAL; i++) await ask(i);
    const natsSeqMs = performance.now() - t;
    lines.push(
      `NATS settlement-eligibility     ${SEQUENTIAL} sequential  ${rate(SEQUENTIAL, natsSeqMs)}  (${((natsSeqMs / SEQUENTIAL) * 1000).toFixed(0)} µs/round trip)`,
    );
    t = performance.now();
    await concurrently(CONCURRENT, IN_FLIGHT, ask);
    lines.push(`NATS settlement-eligibility     ${CONCURRENT} with ${IN_FLIGHT} in flight  ${rate(CONCURRENT, performance.now() - t)}`);

    // The floor: a bare core-NATS request/reply echo on the same connection, no Nest, no token.
    const nc = infra.nats.nc;
    const subject = infra.nats.resolver.subject('bench.echo');
    const sub = nc.subscribe(subject, { callback: (_e, m) => void m.respond(m.data) });
    const payload = new TextEncoder().encode(JSON.stringify({ institutionCode: code(1) }));
    for (let i = 0; i < 200; i++) await nc.request(subject, payload, { timeout: 5000 });
    t = performance.now();
    for (let i = 0; i < SEQUENTIAL; i++) await nc.request(subject, payload, { timeout: 5000 });
    const bareSeqMs = performance.now() - t;
    lines.push(
      `bare NATS request/reply echo    ${SEQUENTIAL} sequential  ${rate(SEQUENTIAL, bareSeqMs)}  (${((bareSeqMs / SEQUENTIAL) * 1000).toFixed(0)} µs/round trip)`,
    );
    t = performance.now();
    await concurrently(CONCURRENT, IN_FLIGHT, () => nc.request(subject, payload, { timeout: 5000 }));
    lines.push(`bare NATS request/reply echo    ${CONCURRENT} with ${IN_FLIGHT} in flight  ${rate(CONCURRENT, performance.now() - t)}`);
    sub.unsubscribe();

    console.log(`settlement-eligibility benchmark (${INSTITUTIONS} institutions, 10 % suspended)\n${lines.join('\n')}`);
    expect(eligible).toBe(IN_PROCESS - IN_PROCESS / 10);
  }, 300_000);
});
