import { SAMPLE_CODES } from '@mi/rules';
import { aHisSettlement, postSignedHis, type TestPlatform, waitFor } from '@mi/testing';

/** One row of the HIS upload answer. */
export interface UploadRow {
  setl_id: string;
  status: 'ACCEPTED' | 'DUPLICATE' | 'REFUSED';
  findings?: { rule_id: string }[];
}

/**
 * `n` settlements of one hospital with ids `<tag>00001…`; every 7th is a male patient on
 * progesterone (a violation the default rule set finds), the ground truth the tests check against.
 */
export function settlementsWithViolations(tag: string, code: string, n: number): { batch: Record<string, unknown>[]; violating: Set<string> } {
  const violating = new Set<string>();
  const batch = Array.from({ length: n }, (_, i) => {
    const setlId = `${tag}${String(i + 1).padStart(5, '0')}`;
    const bad = i % 7 === 3;
    if (bad) violating.add(setlId);
    return aHisSettlement({ setlId, institutionCode: code, hilistCode: bad ? SAMPLE_CODES.progesterone : SAMPLE_CODES.paracetamol, gender: '1' });
  });
  return { batch, violating };
}

/**
 * What a HIS does: uploads `batch` in requests of `per` settlements and, when a request fails (the
 * whole request answers `infcode -1` while a service is down), sends the same request again after a
 * pause until every settlement is ACCEPTED or DUPLICATE. Returns the attempts each request took.
 */
export async function uploadWithRetries(
  platform: TestPlatform,
  cred: { paasId: string; paasToken: string },
  batch: Record<string, unknown>[],
  o: { per: number; onAccepted?: (requestNo: number) => Promise<void> | void; deadlineMs?: number; bases?: string[] },
): Promise<number[]> {
  const bases = o.bases ?? [];
  const attempts: number[] = [];
  const deadline = Date.now() + (o.deadlineMs ?? 180_000);
  for (let start = 0, no = 0; start < batch.length; start += o.per, no++) {
    const part = batch.slice(start, start + o.per);
    let tries = 0;
    for (;;) {
      tries++;
      if (Date.now() > deadline) throw new Error(`request ${no} still failing after ${tries - 1} attempts`);
      let res: Awaited<ReturnType<typeof postSignedHis>> | undefined;
      try {
        // With several gateways: request n goes to gateway n, a retry to the next one.
        const base = bases.length > 0 ? bases[(no + tries - 1) % bases.length] : platform.base;
        res = await postSignedHis(base, cred, '/his/v1/settlements', { settlements: part });
      } catch {
        res = undefined; // connection refused while the gateway itself restarts
      }
      if (res?.status !== undefined && res.status >= 500) throw new Error(`HTTP ${res.status} from the gateway`);
      const rows = (res?.body.output.results ?? []) as UploadRow[];
      if (res?.body.infcode === 0 && rows.length === part.length && rows.every((r) => r.status !== 'REFUSED')) break;
      if (rows.some((r) => r.status === 'REFUSED')) throw new Error(`refused: ${JSON.stringify(rows.find((r) => r.status === 'REFUSED'))}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    attempts.push(tries);
    await o.onAccepted?.(no);
  }
  return attempts;
}

/**
 * The books after the dust settles: every settlement stored and reviewed exactly once, its
 * findings exactly the ground truth, one ledger posting per settlement, every entry balanced,
 * every outbox row published.
 */
export async function assertBooks(platform: TestPlatform, code: string, tag: string, batch: Record<string, unknown>[], violating: Set<string>): Promise<void> {
  const ids = batch.map((s) => String(s.setl_id));
  const rows = await platform.pg.query<{ setl_id: string; review_status: string; n: string }>(
    `select setl_id, min(review_status) as review_status, count(*)::text as n from review.settlement
      where fixmedins_code = $1 and setl_id like $2 group by setl_id`,
    [code, `${tag}%`],
  );
  expect(rows.rows.map((r) => r.setl_id).sort()).toEqual([...ids].sort());
  expect(rows.rows.filter((r) => r.n !== '1')).toEqual([]);
  expect(rows.rows.filter((r) => r.review_status !== 'REVIEWED')).toEqual([]);
  const flagged = await platform.pg.query<{ setl_id: string }>(`select distinct setl_id from review.finding where setl_id like $1`, [`${tag}%`]);
  expect(flagged.rows.map((r) => r.setl_id).sort()).toEqual([...violating].sort());
  // Each flagged settlement opened exactly one case, and no clean one did.
  const cases = await platform.pg.query<{ setl_id: string; n: string }>(
    `select setl_id, count(*)::text as n from review.review_case where setl_id like $1 and origin = 'FINDING' group by setl_id`,
    [`${tag}%`],
  );
  expect(cases.rows.map((r) => r.setl_id).sort()).toEqual([...violating].sort());
  expect(cases.rows.filter((r) => r.n !== '1')).toEqual([]);
}

/** Waits until fund-pooling has posted every settlement of the batch, then checks once-only and balance. */
export async function assertLedger(platform: TestPlatform, code: string, tag: string, expected: number): Promise<void> {
  const posted = `fund.journal_entry e where e.cause_type = 'claim-settled' and e.memo like '%${tag}%'`;
  const deadline = Date.now() + 180_000;
  let n = 0;
  while (Date.now() < deadline && (n = await platform.count(posted)) < expected) await new Promise((r) => setTimeout(r, 250));
  expect(n).toBe(expected);
  // Still exactly `expected` a moment later: no late duplicate.
  await new Promise((r) => setTimeout(r, 1000));
  expect(await platform.count(posted)).toBe(expected);
  const payable = await platform.pg.query<{ fen: string }>(
    `select coalesce(sum(l.credit_fen) - sum(l.debit_fen), 0)::text as fen from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id
      where e.cause_type = 'claim-settled' and e.memo like $1 and l.account_code like $2`,
    [`%${tag}%`, `%-PAYABLE-${code}`],
  );
  expect(payable.rows[0].fen).toBe(String(expected * 1500)); // 15.00 yuan of pooled fund each
  const unbalanced = await platform.pg.query(`select entry_id from fund.journal_line group by entry_id having sum(debit_fen) <> sum(credit_fen)`);
  expect(unbalanced.rows).toEqual([]);
  for (const schema of ['review', 'fund']) {
    const waiting = `${schema}.outbox where published_at is null`;
    const until = Date.now() + 30_000;
    while (Date.now() < until && (await platform.count(waiting)) > 0) await new Promise((r) => setTimeout(r, 200));
    expect(await platform.count(waiting)).toBe(0);
  }
}

/**
 * Waits until monitoring-kb-service relayed a RuleSetPublished event for `region` (claims review
 * drops its compiled sets when it hears it). When it does not, the error shows the kb outbox and
 * the end of the service's log, so a CI failure says whether the event was never written, written
 * but not published, or written twice.
 */
export async function waitForRuleSetRelayed(platform: TestPlatform, region: string): Promise<void> {
  const rows = async () =>
    (
      await platform.pg.query<{ type: string; published: boolean; attempts: number; region: string | null }>(
        `select type, published_at is not null as published, attempts, envelope->'payload'->>'region' as region from kb.outbox order by seq`,
      )
    ).rows;
  try {
    await waitFor(
      async () => (await rows()).some((r) => r.type === 'RuleSetPublished' && r.region === region && r.published),
      10_000,
      `RuleSetPublished of ${region} relayed`,
    );
  } catch (e) {
    const kb = platform.procs['monitoring-kb-service']?.logs() ?? '';
    throw new Error(`${String(e)}\nkb.outbox: ${JSON.stringify(await rows())}\nmonitoring-kb-service log (end):\n${kb.slice(-4000)}`);
  }
}
