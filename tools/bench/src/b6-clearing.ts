import path from 'node:path';
import type { Type } from '@nestjs/common';
import { Client } from 'pg';
import type { ApprovalView } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import { ApprovalService, type RunningProcess, type ServiceConfig, startService } from '@mi/platform';
import { asActor, aUser, createEmptyTestDatabase, createTestNats, serviceEnv, type TestNats, WORKSPACE_ROOT } from '@mi/testing';
import type { BenchResult, Measurement } from './report';

const CITY = '430100';
const maker = aUser({ id: 'b6-maker', username: 'b6.maker', scope: CITY, roles: ['city-officer'] });
const checker = aUser({ id: 'b6-checker', username: 'b6.checker', scope: CITY, roles: ['city-officer'] });
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

type Propose = (req: Record<string, unknown>) => Promise<ApprovalView>;
interface FundService {
  AppModule: Type<unknown>;
  FundPoolingConfig: new () => ServiceConfig;
  services: { budget: Type<unknown>; prepayment: Type<unknown>; settlement: Type<unknown>; clearing: Type<unknown> };
}

/**
 * fund-pooling-service itself, loaded at run time (tools may not import an app's sources): from
 * its sources under ts, from the compiled tree beside this file otherwise, so it shares the one
 * @mi/platform the bench runs on.
 */
async function loadFundService(): Promise<FundService> {
  const src = __filename.endsWith('.ts')
    ? path.join(WORKSPACE_ROOT, 'apps/fund-pooling-service/src')
    : path.resolve(__dirname, '../../../apps/fund-pooling-service/src');
  const [app, config, budget, prepayment, settlement, clearing] = await Promise.all([
    import(path.join(src, 'app.module')),
    import(path.join(src, 'config')),
    import(path.join(src, 'budget/budget.service')),
    import(path.join(src, 'prepayment/prepayment.service')),
    import(path.join(src, 'settlement/monthly-settlement.service')),
    import(path.join(src, 'clearing/clearing.service')),
  ]);
  return {
    AppModule: app.AppModule,
    FundPoolingConfig: config.FundPoolingConfig,
    services: {
      budget: budget.BudgetService,
      prepayment: prepayment.PrepaymentService,
      settlement: settlement.MonthlySettlementService,
      clearing: clearing.ClearingService,
    },
  };
}

/** Proposed by the maker and approved by the checker, in-process (a 5,000-institution proposal is larger than a NATS message). */
async function makerChecker(svc: RunningProcess<ServiceConfig>, propose: Propose, req: Record<string, unknown>): Promise<unknown> {
  const proposed = await asActor(maker, () => propose(req));
  const approved = await asActor(checker, () => svc.get(ApprovalService).decide(proposed.id, 'approve'));
  return approved.result;
}

const proposer = (svc: RunningProcess<ServiceConfig>, type: Type<unknown>, method: string): Propose => {
  const service = svc.get(type) as Record<string, Propose>;
  return (req) => service[method].call(service, req);
};

/** Institution `g`: a hospital in one of the city's 9 counties. */
const INSTITUTION_SQL = (g: string) => `'H4301' || lpad(((${g}) % 9 + 1)::text, 2, '0') || lpad((${g})::text, 5, '0')`;

/**
 * The data set, set-based: the city's accounts, one payable account per institution, `cases`
 * settlements of 2026 (one balanced entry each: debit expense, credit payable; every 100th a
 * reversal) spread over the year, institutions and amounts by arithmetic on the case number (so
 * every build is the same); January–November already taken by earlier monthly runs (rows as a run
 * writes them). The ledger triggers are skipped for the load only (balanced by construction).
 */
async function generate(db: Client, institutions: number, cases: number): Promise<void> {
  await db.query(`set session_replication_role = replica`);
  await db.query(
    `insert into fund.account (code, name, kind, admdvs, insutype, institution_code, opened_at)
     select v.code, v.code, v.kind, '${CITY}', '310', null, now() from (values ('${CITY}-310-FUND', 'asset'), ('${CITY}-310-EXPENSE', 'expense'), ('${CITY}-310-INCOME', 'income')) v(code, kind)
     union all
     select '${CITY}-310-PAYABLE-' || ${INSTITUTION_SQL('g')}, 'payable', 'liability', '${CITY}', '310', ${INSTITUTION_SQL('g')}, now() from generate_series(0, $1 - 1) g`,
    [institutions],
  );
  // Opening income, so the fund account can pay.
  await db.query(
    `insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, posted_at) values (md5('b6-income')::uuid, '${CITY}', '2026-01', 'county-remittance', 'b6-income', 'b6', '2026-01-31T00:00:00Z');
     insert into fund.journal_line (entry_id, line_no, account_code, debit_fen, credit_fen) values
       (md5('b6-income')::uuid, 1, '${CITY}-310-FUND', 900000000000000, 0), (md5('b6-income')::uuid, 2, '${CITY}-310-INCOME', 0, 900000000000000)`,
  );
  await db.query(
    `create temporary table b6_case as
     select c, md5('b6-' || c)::uuid as id, '2026-' || lpad((c % 12 + 1)::text, 2, '0') as period, (c * 7919) % $1 as g,
            100 + (c * 104729) % 400000 as fen, c % 100 = 0 as reversal
     from generate_series(0::bigint, $2::bigint - 1) c`,
    [institutions, cases],
  );
  await db.query(
    `insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, posted_at)
     select id, '${CITY}', period, 'claim-settled', 'b6-' || c, 'b6', (period || '-28T04:00:00Z')::timestamptz from b6_case`,
  );
  await db.query(
    `insert into fund.journal_line (entry_id, line_no, account_code, debit_fen, credit_fen)
     select id, n, case when (n = 1) = reversal then '${CITY}-310-PAYABLE-' || ${INSTITUTION_SQL('g')} else '${CITY}-310-EXPENSE' end,
            case when n = 1 then fen else 0 end, case when n = 2 then fen else 0 end
     from b6_case cross join (values (1), (2)) v(n)`,
  );
  await db.query(
    `insert into fund.monthly_settlement (id, admdvs, period, approval_id, total_net_fen, proposed_by, approved_by, approved_at, cutoff)
     select md5('b6-run-' || m)::uuid, '${CITY}', '2026-' || lpad(m::text, 2, '0'), md5('b6-approval-' || m)::uuid, 0, 'b6', 'b6',
            make_timestamptz(2026, m + 1, 2, 0, 0, 0, 'UTC'), make_timestamptz(2026, m + 1, 1, 0, 0, 0, 'UTC')
     from generate_series(1, 11) m`,
  );
  await db.query(
    `insert into fund.settlement_item (entry_id, settlement_id, service_period, late)
     select id, md5('b6-run-' || substr(period, 6, 2)::int)::uuid, period, false from b6_case where period < '2026-12'`,
  );
  await db.query(`set session_replication_role = origin`);
  await db.query(`analyze`);
}

/**
 * The anchor: one hand-written SQL over the same ledger rows — every institution's actual payable
 * for 2026 and its clearing amount under the default bands (overspend ≤ 5 % at 60 %, 5–10 % at
 * 50 %; surplus ≤ 10 % retained at 50 %; bounds rounded down, shares half-up) — returning the
 * totals and a digest of the per-institution results to compare with what the service stored.
 */
const SQL_ANCHOR = `
  with f as (
    select a.institution_code, sum(l.credit_fen - l.debit_fen)::bigint as actual
    from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id join fund.account a on a.code = l.account_code
    where e.admdvs = '${CITY}' and e.period between '2026-01' and '2026-12' and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction')
      and a.kind = 'liability' and a.institution_code is not null and a.insutype = '310'
    group by a.institution_code
  ), c as (
    select i.institution_code, i.indicator_fen as ind, greatest(coalesce(f.actual, 0), 0) as act, coalesce(f.actual, 0) as actual
    from fund.total_control_indicator i left join f using (institution_code)
    where i.admdvs = '${CITY}' and i.year = 2026 and i.insutype = '310'
  ), r as (
    select institution_code, actual,
      case
        when act > ind then -((act - ind)
          - (least(act - ind, ind * 5 / 100) * 60 + 50) / 100
          - (greatest(least(act - ind, ind * 10 / 100) - least(act - ind, ind * 5 / 100), 0) * 50 + 50) / 100)
        when act < ind then (least(ind - act, ind * 10 / 100) * 50 + 50) / 100
        else 0
      end as clearing
    from c
  )
  select count(*)::int as n, coalesce(sum(clearing) filter (where clearing > 0), 0)::text as paid, coalesce(-sum(clearing) filter (where clearing < 0), 0)::text as recovered,
         md5(string_agg(institution_code || '|' || actual || '|' || clearing, ',' order by institution_code)) as digest
  from r`;

/** What a run leaves behind, without ids or times: statements, clearing rows and the lines it posted. */
const RESULT_DIGEST = `
  select
    (select md5(string_agg(concat_ws('|', institution_code, insutype, settled_count, settled_fen, reversed_count, reversed_fen, late_settled_count, late_settled_fen,
       late_periods, due_fen, prepayment_offset_fen, held_fen, net_fen), ',' order by institution_code, insutype)) from fund.settlement_statement) as statements,
    (select md5(string_agg(concat_ws('|', institution_code, indicator_fen, settled_count, settled_fen, reversed_fen, actual_fen, kind, adjustment_fen, clearing_fen),
       ',' order by institution_code)) from fund.clearing_statement) as clearing,
    (select md5(string_agg(concat_ws('|', e.cause_type, regexp_replace(e.cause_id, '^[0-9a-f-]{36}/', ''), l.account_code, l.debit_fen, l.credit_fen), ','
       order by e.cause_type, regexp_replace(e.cause_id, '^[0-9a-f-]{36}/', ''), l.line_no))
     from fund.journal_entry e join fund.journal_line l on l.entry_id = e.id where e.cause_type in ('monthly-settlement', 'year-end-clearing')) as postings,
    (select md5(string_agg(institution_code || '|' || actual_fen || '|' || clearing_fen, ',' order by institution_code)) from fund.clearing_statement) as anchor_digest`;

interface RunResult {
  monthSeconds: number;
  clearingSeconds: number;
  sqlSeconds: number;
  digests: Record<string, string>;
  anchor: { n: number; paid: string; recovered: string; digest: string };
  clearing: { institutions: number; entries: number; paidFen: string; recoveredFen: string; digest: string };
  month: { totalNetFen: string };
}

async function startOn(fund: FundService, url: string, nats: TestNats, clock: ManualClock): Promise<RunningProcess<ServiceConfig>> {
  return startService(fund.AppModule, {
    configClass: fund.FundPoolingConfig,
    logger: false,
    clock,
    env: serviceEnv('fund-pooling-service', { url }, nats, { LOG_LEVEL: 'error', NATS_REQUEST_TIMEOUT_MS: 600_000 }),
  });
}

/** One timed run on its own copy of the data set: December's monthly run, then the year-end clearing; the SQL anchor beside them. */
async function run(fund: FundService, url: string, nats: TestNats): Promise<RunResult> {
  const clock = new ManualClock('2027-01-05T02:00:00.000Z');
  const svc = await startOn(fund, url, nats, clock);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const t0 = performance.now();
    const month = (await makerChecker(svc, proposer(svc, fund.services.settlement, 'propose'), { admdvs: CITY, period: '2026-12', reason: 'B6 12月结算' })) as {
      totalNetFen: string;
    };
    const t1 = performance.now();
    const clearing = (await makerChecker(svc, proposer(svc, fund.services.clearing, 'propose'), {
      admdvs: CITY,
      year: 2026,
      insutype: '310',
      reason: 'B6 年终清算',
    })) as RunResult['clearing'];
    const t2 = performance.now();
    const anchor = (await db.query<RunResult['anchor']>(SQL_ANCHOR)).rows[0];
    const t3 = performance.now();
    const digests = (await db.query<Record<string, string>>(RESULT_DIGEST)).rows[0];
    return {
      monthSeconds: (t1 - t0) / 1000,
      clearingSeconds: (t2 - t1) / 1000,
      sqlSeconds: (t3 - t2) / 1000,
      digests,
      anchor,
      clearing,
      month,
    };
  } finally {
    await db.end();
    await svc.close();
  }
}

/**
 * B6 — month-end and year-end clearing at city scale (issue #7): 5,000 institutions and 2,000,000
 * settled cases of a year (× `scale`). The data set is generated set-based in SQL; budget,
 * indicators (one proposal of every institution) and December's prepayment go through the
 * service. Then, twice on identical copies: December's monthly settlement run (propose + approve)
 * and the year-end clearing (propose + approve) in-process against the running service, and one
 * hand-written SQL aggregation computing every institution's clearing over the same rows. Gates:
 * the two runs leave bit-identical statements, clearing rows and postings; the SQL anchor's totals
 * and per-institution digest equal the service's.
 */
export async function b6(scale: number): Promise<BenchResult> {
  const institutions = Math.max(50, Math.round(5000 * scale));
  const cases = Math.max(10_000, Math.round(2_000_000 * scale));
  const fund = await loadFundService();
  const [base, nats] = await Promise.all([createEmptyTestDatabase(), createTestNats()]);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const copies: string[] = [];
  try {
    // Setup on the base database: migrations, data, then budget, indicators and December's prepayment through the service.
    const setupStarted = performance.now();
    const clock = new ManualClock('2026-12-01T02:00:00.000Z');
    const svc = await startOn(fund, base.url, nats, clock);
    let prepaySeconds = 0;
    let indicatorSeconds = 0;
    try {
      const db = new Client({ connectionString: base.url });
      await db.connect();
      try {
        await generate(db, institutions, cases);
        // Indicators around each institution's actual for the year (85–115 %), so both surpluses and overspends occur.
        const rows = (
          await db.query<{ institution_code: string; indicator: string }>(
            `select a.institution_code, greatest(round(coalesce(sum(l.credit_fen - l.debit_fen), 0) * (85 + (hashtext(a.institution_code) & 1023) % 31) / 100.0), 100)::bigint::text as indicator
             from fund.account a left join fund.journal_line l on l.account_code = a.code where a.institution_code is not null group by a.institution_code order by 1`,
          )
        ).rows;
        const sum = rows.reduce((s, r) => s + BigInt(r.indicator), 0n);
        await makerChecker(svc, proposer(svc, fund.services.budget, 'proposeBudget'), {
          admdvs: CITY,
          year: 2026,
          insutype: '310',
          incomeFen: ((sum * 11n) / 10n + 1n).toString(),
          expenditureFen: sum.toString(),
          reserveSharePercent: '5',
          reason: 'B6 年度预算',
        });
        const ti = performance.now();
        await makerChecker(svc, proposer(svc, fund.services.budget, 'proposeIndicators'), {
          admdvs: CITY,
          year: 2026,
          insutype: '310',
          indicators: rows.map((r) => ({ institutionCode: r.institution_code, indicatorFen: r.indicator })),
          reason: 'B6 总额控制指标',
        });
        const tp = performance.now();
        await makerChecker(svc, proposer(svc, fund.services.prepayment, 'propose'), { admdvs: CITY, period: '2026-12', reason: 'B6 12月预付' });
        prepaySeconds = (performance.now() - tp) / 1000;
        indicatorSeconds = (tp - ti) / 1000;
      } finally {
        await db.end();
      }
    } finally {
      await svc.close();
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const [{ n: december }] = (
      await admin.query<{ n: string }>(`select count(*)::text as n from (select 1 from generate_series(0, $1 - 1) c where c % 12 = 11) x`, [cases])
    ).rows;

    const results: RunResult[] = [];
    for (const k of [1, 2]) {
      const copy = `${base.name}_run${k}`;
      await admin.query(`create database "${copy}" template "${base.name}"`);
      copies.push(copy);
      const u = new URL(base.url);
      u.pathname = `/${copy}`;
      results.push(await run(fund, u.toString(), nats));
    }
    const [r1, r2] = results;
    // Ids and times differ between runs by design; everything else must not.
    const fixed = (r: RunResult) =>
      JSON.stringify([
        r.digests,
        r.clearing.institutions,
        r.clearing.entries,
        r.clearing.paidFen,
        r.clearing.recoveredFen,
        r.clearing.digest,
        r.month.totalNetFen,
      ]);
    const identical = fixed(r1) === fixed(r2);
    if (!identical) throw new Error(`the two runs differ: ${fixed(r1)} vs ${fixed(r2)}`);
    for (const r of results) {
      if (r.anchor.digest !== r.digests.anchor_digest || r.anchor.paid !== r.clearing.paidFen || r.anchor.recovered !== r.clearing.recoveredFen)
        throw new Error(`the SQL anchor differs from the service: ${JSON.stringify(r.anchor)} vs ${JSON.stringify(r.clearing)} / ${r.digests.anchor_digest}`);
    }
    const total = (r: RunResult) => r.monthSeconds + r.clearingSeconds;
    const measurements: Measurement[] = [
      ...results.map((r, i) => ({
        name: `service: month-end + year-end, run ${i + 1}`,
        opsPerSec: cases / total(r),
        note: `${total(r).toFixed(1)} s: December run ${r.monthSeconds.toFixed(1)} s + clearing ${r.clearingSeconds.toFixed(1)} s`,
      })),
      ...results.map((r, i) => ({
        name: `service: year-end clearing only, run ${i + 1}`,
        opsPerSec: cases / r.clearingSeconds,
        note: `${r.clearingSeconds.toFixed(2)} s`,
      })),
      ...results.map((r, i) => ({
        name: `hand-written SQL clearing, run ${i + 1}`,
        opsPerSec: cases / r.sqlSeconds,
        note: `${r.sqlSeconds.toFixed(2)} s, one query, nothing posted`,
      })),
    ];
    const worst = Math.max(...results.map(total));
    const yuan = (fen: string) => (Number(BigInt(fen)) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    return {
      id: 'B6',
      title: `month-end + year-end clearing (issue #7): ${institutions.toLocaleString('en-US')} institutions, ${cases.toLocaleString('en-US')} settled cases`,
      unit: 'cases',
      anchor: 'hand-written SQL clearing, run 1',
      measurements,
      target: {
        text: `month-end + year-end clearing ≤ 30 s at 5,000 institutions and 2M cases, two runs bit-identical, equal to a hand-written SQL aggregation — this run: ${worst.toFixed(1)} s at scale ${scale}, identical, equal`,
        met: worst <= 30 && scale >= 1,
      },
      details: [
        `data: ${institutions} institutions (employees' insurance 310), ${cases.toLocaleString('en-US')} claim-settled entries of 2026 (every 100th a reversal) with 2 lines each, generated set-based in SQL (ledger triggers skipped for the load only); January–November already taken by earlier runs (${(cases - Number(december)).toLocaleString('en-US')} settlement_item rows), December's ${Number(december).toLocaleString('en-US')} cases untaken`,
        `setup through the service (not timed in the target): annual budget, ${institutions} total control indicators in one maker-checker proposal (${indicatorSeconds.toFixed(1)} s), December's prepayment for every institution (${prepaySeconds.toFixed(1)} s, one batch of ${institutions} entries); whole setup ${setupSeconds.toFixed(0)} s`,
        `timed per run (each on its own copy of the same database, service restarted): December's monthly run — propose (statements of every institution) + approve (take the month's entries, recompute, offset the prepayment, one payment entry and one statement row per institution, event) — then the year-end clearing — propose (figures over the year, bands, digest) + approve (recompute to the same digest, ${r1.clearing.entries} entries in one batch, ${r1.clearing.institutions} statement rows, event); both in-process as the maker and the checker (the service is timed, not the transport)`,
        `bit-identical: the two runs' statements, clearing rows and posted lines (ids and times left out) have the same md5 digests (${r1.digests.postings.slice(0, 12)}…), and the same clearing digest ${r1.clearing.digest.slice(0, 16)}…`,
        `anchor: one SQL query computes every institution's actual and clearing amount with the default bands; its totals (pay ${yuan(r1.anchor.paid)}, recover ${yuan(r1.anchor.recovered)} yuan) and per-institution digest equal the service's stored results in both runs`,
        `December net paid ${yuan(r1.month.totalNetFen)} yuan after the prepayment offset; run 2: month ${r2.monthSeconds.toFixed(1)} s, clearing ${r2.clearingSeconds.toFixed(1)} s, SQL ${r2.sqlSeconds.toFixed(2)} s`,
        'PostgreSQL, NATS and the service share the machine’s 2 cores with other engineers’ work',
      ],
    };
  } finally {
    for (const copy of copies) await admin.query(`drop database if exists "${copy}" with (force)`);
    await admin.end();
    await nats.cleanup();
    await base.drop();
  }
}
