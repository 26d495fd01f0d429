import { performance } from 'node:perf_hooks';
import { jetstream } from '@nats-io/jetstream';
import { type ClaimSettledPayload, ReviewEventSubjects } from '@mi/contracts';
import { newUuidV7 } from '@mi/platform';
import { prng, startTestPlatform } from '@mi/testing';
import type { BenchResult } from './report';

/** Thresholds of the run, written as city data before the events (the same figures drive the SQL). */
const MANY = { windowDays: 1, minSettlements: 5, treatmentModes: ['1', '3'] };
const LARGE = { minAmountFen: 5_000_000 };
const BURST = { windowMinutes: 40, minPersons: 15, treatmentModes: ['1', '3'] };

const CITY = '430100';
const DAY_MS = 86_400_000;

type Settled = { id: string; type: string; version: number; occurredAt: string; admdvs: string; aggregateId: string; payload: ClaimSettledPayload };

/**
 * `n` ClaimSettled events over 30 days at 40 institutions: background visits, plus (deterministic)
 * persons buying 5–7 times a day, crowds of 15–25 people at one clinic within 20 minutes, and
 * settlements of at least 50,000 yuan.
 */
export function b5Events(n: number, seed = 5): Settled[] {
  const rnd = prng(seed);
  const out: Settled[] = [];
  const start = Date.parse('2026-03-01T00:00:00Z');
  const inst = (i: number) => `${i % 4 === 0 ? 'P' : 'H'}430102${String(i).padStart(5, '0')}`;
  const push = (psn: string, institution: string, at: number, mode: string, fen: number) => {
    const settlementId = newUuidV7();
    const setlDate = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
    out.push({
      id: newUuidV7(),
      type: 'ClaimSettled',
      version: 1,
      occurredAt: new Date(at).toISOString(),
      admdvs: '430102',
      aggregateId: settlementId,
      payload: {
        settlementId,
        setlId: `B5${String(out.length).padStart(9, '0')}`,
        mdtrtId: `B5M${out.length}`,
        psnNo: psn,
        institutionCode: institution,
        poolarea: CITY,
        insutype: '310',
        setlDate,
        medfeeSumamtFen: String(fen),
        hifpPayFen: String(Math.round(fen * 0.6)),
        acctPayFen: '0',
        psnCashPayFen: String(fen - Math.round(fen * 0.6)),
        reversal: false,
        ruleSet: '430000#1',
        findings: 0,
        visit: {
          setlTime: new Date(at).toISOString(),
          gend: rnd() < 0.5 ? '1' : '2',
          ageYears: 18 + Math.floor(rnd() * 70),
          treatmentMode: mode,
          medType: mode === '3' ? '41' : '11',
          begndate: setlDate,
          enddate: setlDate,
          department: null,
          doctor: null,
        },
      },
    });
  };
  while (out.length < n) {
    const r = rnd();
    const day = start + Math.floor(rnd() * 30) * DAY_MS;
    if (r < 0.004) {
      const psn = `B5MANY${out.length}`;
      for (let k = 5 + Math.floor(rnd() * 3); k > 0; k -= 1) push(psn, inst(4 * Math.floor(rnd() * 10)), day + 3_600_000 * (1 + k), '3', 3_000);
    } else if (r < 0.006) {
      const clinic = inst(1 + Math.floor(rnd() * 39));
      const t0 = day + 11 * 3_600_000;
      for (let k = 15 + Math.floor(rnd() * 11); k > 0; k -= 1) push(`B5CROWD${out.length}`, clinic, t0 + Math.floor(rnd() * 20 * 60_000), '1', 5_000);
    } else if (r < 0.008) {
      push(`B5BIG${out.length}`, inst(1 + Math.floor(rnd() * 39)), day + Math.floor(rnd() * DAY_MS), '1', 5_000_000 + Math.floor(rnd() * 3_000_000));
    } else {
      push(
        `B5P${Math.floor(rnd() * n)}`,
        inst(Math.floor(rnd() * 40)),
        day + Math.floor(rnd() * DAY_MS),
        rnd() < 0.3 ? '3' : '1',
        1_000 + Math.floor(rnd() * 40_000),
      );
    }
  }
  return out.slice(0, n).sort((a, b) => Date.parse(a.payload.visit?.setlTime ?? '') - Date.parse(b.payload.visit?.setlTime ?? ''));
}

/** The three flags as PostgreSQL window/aggregate SQL over the same fact table. */
const SQL = {
  PERSON_MANY_SETTLEMENTS: `select distinct psn_no || '|' || setl_date::text as k from (
      select psn_no, setl_date, count(*) over (partition by psn_no order by setl_date range between interval '${MANY.windowDays - 1} days' preceding and current row) as n
        from kb.settlement_fact where reversed_by is null and treatment_mode in ('1', '3')) w where n >= ${MANY.minSettlements}`,
  LARGE_EXPENDITURE: `select settlement_id::text as k from kb.settlement_fact where reversed_by is null and medfee_sumamt_fen >= ${LARGE.minAmountFen}`,
  // count(distinct) is not a window function: the window of each settlement as a lateral range scan.
  SETTLEMENT_BURST: `select distinct f.institution_code || '|' || (f.setl_time at time zone 'Asia/Shanghai')::date::text as k
      from kb.settlement_fact f cross join lateral (
        select count(distinct g.psn_no) as persons from kb.settlement_fact g
         where g.institution_code = f.institution_code and g.reversed_by is null and g.treatment_mode in ('1', '3')
           and g.setl_time between f.setl_time and f.setl_time + interval '${BURST.windowMinutes} minutes') w
     where f.reversed_by is null and f.treatment_mode in ('1', '3') and w.persons >= ${BURST.minPersons}`,
} as const;

/** The detectors' flags, keyed like the SQL's, from the alerts the service raised. */
const ALERT_KEYS = {
  PERSON_MANY_SETTLEMENTS: `select distinct a.psn_no || '|' || f.setl_date::text as k from kb.anomaly_alert a join kb.settlement_fact f on f.settlement_id = any(a.settlement_ids)
     where a.type = 'PERSON_MANY_SETTLEMENTS'`,
  LARGE_EXPENDITURE: `select distinct unnest(settlement_ids)::text as k from kb.anomaly_alert where type = 'LARGE_EXPENDITURE'`,
  SETTLEMENT_BURST: `select distinct a.institution_code || '|' || (a.window_from at time zone 'Asia/Shanghai')::date::text as k from kb.anomaly_alert a where a.type = 'SETTLEMENT_BURST'`,
} as const;

/**
 * B5 — anomaly detectors, streaming (ClaimSettled through JetStream into monitoring-kb-service:
 * facts stored, detectors run, alerts with audit and outbox, in batches of up to 200 events) against the same flags as
 * PostgreSQL window/aggregate SQL over the stored facts, in the same run. Identical flags are the gate.
 */
export async function b5(scale: number): Promise<BenchResult> {
  const n = Math.max(500, Math.round(20_000 * scale));
  const events = b5Events(n);
  const platform = await startTestPlatform(['monitoring-kb-service'], { env: { LOG_LEVEL: 'error' } });
  try {
    const { pg, nats } = platform;
    for (const [type, params] of [
      ['PERSON_MANY_SETTLEMENTS', MANY],
      ['LARGE_EXPENDITURE', LARGE],
      ['SETTLEMENT_BURST', BURST],
    ] as const)
      await pg.query(`insert into kb.anomaly_threshold (region, type, params, updated_by, updated_at) values ($1, $2, $3, 'b5', now())`, [
        CITY,
        type,
        JSON.stringify(params),
      ]);
    const js = jetstream(nats.nc);
    const subject = nats.resolver.subject(ReviewEventSubjects.ClaimSettled);
    const t0 = performance.now();
    const acks: Promise<unknown>[] = [];
    for (const e of events) {
      acks.push(js.publish(subject, JSON.stringify(e), { msgID: e.id }));
      if (acks.length >= 500) await Promise.all(acks.splice(0));
    }
    await Promise.all(acks);
    for (;;) {
      if ((await platform.count('kb.settlement_fact')) >= n) break;
      if (performance.now() - t0 > 600_000) throw new Error('B5: the detectors did not catch up within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const streamMs = performance.now() - t0;

    const sqlStart = performance.now();
    const sqlFlags: Record<string, Set<string>> = {};
    for (const [type, q] of Object.entries(SQL)) sqlFlags[type] = new Set((await pg.query<{ k: string }>(q)).rows.map((r) => r.k));
    const sqlMs = performance.now() - sqlStart;

    const details: string[] = [];
    let identical = true;
    for (const [type, q] of Object.entries(ALERT_KEYS)) {
      const ours = new Set((await pg.query<{ k: string }>(q)).rows.map((r) => r.k));
      const theirs = sqlFlags[type];
      const onlyOurs = [...ours].filter((k) => !theirs.has(k));
      const onlySql = [...theirs].filter((k) => !ours.has(k));
      if (onlyOurs.length + onlySql.length > 0) identical = false;
      details.push(`${type}: ${ours.size} flags by the detectors, ${theirs.size} by SQL, ${onlyOurs.length} only ours, ${onlySql.length} only SQL`);
    }
    const alerts = await platform.count('kb.anomaly_alert');
    details.push(
      `${n} events, ${alerts} alerts; streaming includes JetStream delivery, inbox, fact insert, detectors, alert + audit + outbox; a batch of up to 200 events is one transaction with a few statements per kind of fact read (inbox, facts, person, institution windows), each event judged as if alone in arrival order.`,
    );
    return {
      id: 'B5',
      title: 'Anomaly detectors: streaming vs PostgreSQL window SQL over the same facts',
      unit: 'events',
      anchor: 'PostgreSQL window SQL (batch, facts already stored)',
      measurements: [
        { name: 'detectors (streaming, ≤ 200 events per transaction)', opsPerSec: (n * 1000) / streamMs },
        { name: 'PostgreSQL window SQL (batch, facts already stored)', opsPerSec: (n * 1000) / sqlMs },
      ],
      target: {
        text:
          `identical flags (PERSON_MANY_SETTLEMENTS, LARGE_EXPENDITURE, SETTLEMENT_BURST): ${identical ? 'met' : 'missed'}; ` +
          `throughput ≥ the SQL (${(sqlMs / streamMs).toFixed(3)}× of it, at ${n.toLocaleString('en-US')} events rather than the issue's 10M): ${streamMs <= sqlMs ? 'met' : 'missed'}`,
        met: identical && streamMs <= sqlMs,
      },
      details,
    };
  } finally {
    await platform.stop();
  }
}
