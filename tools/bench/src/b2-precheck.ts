import { connect } from '@nats-io/transport-node';
import { SAMPLE_CODES } from '@mi/rules';
import {
  anInstitutionRegistration,
  createEmptyTestDatabase,
  createTestNats,
  HisTestClient,
  PortalTestClient,
  serviceEnv,
  type SpawnedService,
  spawnService,
  TEST_ADMIN_PASSWORD,
} from '@mi/testing';
import { type BenchResult, percentile } from './report';

const CODE = 'H43010200001';

/** A 3101 request of one outpatient visit with `orders` lines; a tenth of them violate a rule. */
function precheckData(orders: number, i: number): Record<string, unknown> {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const lines = Array.from({ length: orders }, (_, j) => {
    const code = j % 10 === 9 ? SAMPLE_CODES.progesterone : SAMPLE_CODES.paracetamol;
    return {
      rx_id: `R${j}`,
      hilist_code: code,
      hilist_name: 'x',
      hilist_type: '101',
      cnt: '1',
      pric: '12.50',
      sumamt: '12.50',
      drord_begn_date: `${today} 09:20:00`,
    };
  });
  return {
    task_id: `T${i}`,
    trig_scen: '2',
    patient_dtos: [
      {
        patn_id: `P${100000 + (i % 5000)}`,
        gend: '1',
        brdy: '1980-05-06',
        poolarea: '430100',
        curr_mdtrt_id: 'M1',
        fsi_encounter_dtos: [
          {
            mdtrt_id: 'M1',
            adm_date: `${today} 09:10:00`,
            dscg_main_dise_codg: 'J06.900',
            med_mdtrt_type: '1',
            med_type: '11',
            insutype: '310',
            fsi_order_dtos: lines,
          },
        ],
      },
    ],
  };
}

/** Open-loop load: sends at a fixed rate regardless of answers, so queueing shows in the latencies. */
async function atRate(rps: number, seconds: number, send: (i: number) => Promise<boolean>): Promise<{ latencies: number[]; errors: number; achieved: number }> {
  const total = Math.round(rps * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inflight.push(
      send(i).then(
        (ok) => {
          latencies.push(performance.now() - t0);
          if (!ok) errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, errors, achieved: total / elapsed };
}

/**
 * B2 — HIS pre-check end to end (HTTP → gateway auth → NATS → claims-review → rules → PostgreSQL
 * record → reply) at 200 and 500 requests/s, against a bare NATS request/reply round trip at the
 * same rates, all processes on this machine.
 */
export async function b2(scale: number): Promise<BenchResult> {
  const seconds = Math.max(3, Math.round(20 * scale));
  const [db, nats] = await Promise.all([createEmptyTestDatabase(), createTestNats()]);
  const procs: SpawnedService[] = [];
  try {
    const env = (s: string, extra: Record<string, string | number> = {}) => serviceEnv(s, db, nats, { LOG_LEVEL: 'error', ...extra });
    procs.push(
      ...(await Promise.all([
        spawnService('agreement-service', env('agreement-service')),
        spawnService('monitoring-kb-service', env('monitoring-kb-service')),
        spawnService('claims-review-service', env('claims-review-service')),
        spawnService('gateway', env('gateway', { BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, HIS_DEFAULT_RATE_PER_MINUTE: 1_000_000 })),
      ])),
    );
    const base = procs[3].ready.url ?? '';
    const admin = await new PortalTestClient(base).login('admin', TEST_ADMIN_PASSWORD);
    await admin.post('/api/v1/institutions', anInstitutionRegistration({ code: CODE }));
    const cred = await admin.post('/api/v1/his-clients', { institutionCode: CODE, mode: 'compatible' });
    const his = new HisTestClient(base, CODE, { paasId: String(cred.body.paasId), paasToken: String(cred.body.paasToken), mode: 'compatible' });
    const send = async (i: number) => (await his.call(his.envelope('3101', { data: precheckData(10, i) }))).body.infcode === 0;
    for (let i = 0; i < 200; i++) await send(i); // warm-up: rule set compiled, connections open

    const echo = await connect({ servers: nats.url });
    const subject = nats.resolver.subject('bench.echo');
    echo.subscribe(subject, {
      callback: (_e, m) => {
        m.respond(m.data);
      },
    });
    const payload = JSON.stringify(his.envelope('3101', { data: precheckData(10, 0) }));
    const bare = (rps: number) => atRate(rps, seconds, async () => (await nats.nc.request(subject, payload, { timeout: 5000 })).data.length > 0);

    const measurements: BenchResult['measurements'] = [];
    const details: string[] = [];
    let p99At500 = Infinity;
    let p99At200 = Infinity;
    let errors = 0;
    for (const rps of [200, 500]) {
      const b = await bare(rps);
      measurements.push({
        name: `bare NATS round trip @ ${rps}/s`,
        opsPerSec: b.achieved,
        p50: percentile(b.latencies, 50),
        p99: percentile(b.latencies, 99),
        note: `${b.errors} errors`,
      });
      const r = await atRate(rps, seconds, send);
      const p99 = percentile(r.latencies, 99);
      if (rps === 500) p99At500 = p99;
      if (rps === 200) p99At200 = p99;
      errors += r.errors;
      measurements.push({
        name: `3101 pre-check @ ${rps}/s`,
        opsPerSec: r.achieved,
        p50: percentile(r.latencies, 50),
        p99,
        note: `${r.errors} errors, ${r.latencies.length} requests`,
      });
      details.push(
        `${rps}/s for ${seconds} s: pre-check p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${r.latencies[r.latencies.length - 1]?.toFixed(1)} ms; bare NATS p99 ${percentile(b.latencies, 99).toFixed(2)} ms`,
      );
    }
    await echo.close();
    return {
      id: 'B2',
      title: 'HIS pre-check (3101, 10 orders) end to end vs a bare NATS round trip, open-loop load',
      unit: 'requests',
      anchor: 'bare NATS round trip @ 500/s',
      measurements,
      target: {
        text: `p99 ≤ 50 ms at 500 rps (floor: ≤ 100 ms at 200 rps), 0 errors — p99 ${p99At500.toFixed(1)} ms @500, ${p99At200.toFixed(1)} ms @200, ${errors} errors`,
        met: p99At500 <= 50 && errors === 0,
      },
      details: [
        'Gateway, agreement-, kb- and claims-review-service, PostgreSQL, NATS and the load generator share the 2 cores.',
        'Each request: x-tif signature check + nonce insert (PostgreSQL), NATS request with a signed actor, rule evaluation with the default rule set, results recorded (PostgreSQL), NHSA envelope.',
        ...details,
      ],
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await nats.cleanup();
    await db.drop();
  }
}
