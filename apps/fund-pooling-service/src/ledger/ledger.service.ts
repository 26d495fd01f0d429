import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { Admdvs, type Clock, ConflictError, DomainError, Money, NotFoundError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7 } from '@mi/platform';

export type AccountKind = 'asset' | 'liability' | 'income' | 'expense' | 'equity';

export interface PostingLine {
  account: string;
  debit?: Money;
  credit?: Money;
}

export interface Posting {
  admdvs: string;
  /** `yyyy-MM` accounting period. */
  period: string;
  /** Why the entry exists: an event id, a decision id… Unique: a replay finds the first entry. */
  cause: { type: string; id: string };
  memo: string;
  lines: PostingLine[];
  /** The entry this one reverses (corrections never edit). */
  reverses?: string;
}

export interface EntryView {
  id: string;
  admdvs: string;
  period: string;
  cause: { type: string; id: string };
  memo: string;
  reverses: string | null;
  postedAt: string;
  lines: { account: string; debit: string; credit: string }[];
}

/**
 * 基金账务 — the double-entry ledger. `post` writes one balanced entry per cause inside the caller's
 * transaction (a replayed cause returns the entry already there, so an event cannot post twice);
 * corrections are reversing entries; balances are sums over immutable lines. The database refuses
 * unbalanced, edited or closed-period entries even if this code were wrong.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async openAccount(
    em: EntityManager,
    a: { code: string; name: string; kind: AccountKind; admdvs: string; insutype?: string; institutionCode?: string },
  ): Promise<void> {
    Admdvs.parse(a.admdvs, 'admdvs');
    await em.execute(
      `insert into fund.account (code, name, kind, admdvs, insutype, institution_code, opened_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (code) do nothing`,
      [a.code, a.name, a.kind, a.admdvs, a.insutype ?? null, a.institutionCode ?? null, this.clock.now()],
    );
  }

  /** Many accounts at once (bulk paths), each opened on first use like {@link openAccount}. */
  async openAccounts(
    em: EntityManager,
    accounts: { code: string; name: string; kind: AccountKind; admdvs: string; insutype?: string; institutionCode?: string }[],
  ): Promise<void> {
    if (accounts.length === 0) return;
    for (const a of accounts) Admdvs.parse(a.admdvs, 'admdvs');
    await em.execute(
      `insert into fund.account (code, name, kind, admdvs, insutype, institution_code, opened_at)
       select x.code, x.name, x.kind, x.admdvs, x.insutype, x.institution_code, ? from jsonb_to_recordset(?::jsonb)
         as x(code text, name text, kind text, admdvs text, insutype text, institution_code text)
       on conflict (code) do nothing`,
      [
        this.clock.now(),
        JSON.stringify(
          accounts.map((a) => ({
            code: a.code,
            name: a.name,
            kind: a.kind,
            admdvs: a.admdvs,
            insutype: a.insutype ?? null,
            institution_code: a.institutionCode ?? null,
          })),
        ),
      ],
    );
  }

  async post(em: EntityManager, p: Posting): Promise<{ entryId: string; replayed: boolean }> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(p.period)) throw new DomainError('VALIDATION', 'period: must be yyyy-MM', { field: 'period' });
    if (p.lines.length < 2) throw new DomainError('VALIDATION', 'lines: an entry needs at least two lines', { field: 'lines' });
    let debits = Money.ZERO;
    let credits = Money.ZERO;
    p.lines.forEach((l, i) => {
      const d = l.debit ?? Money.ZERO;
      const c = l.credit ?? Money.ZERO;
      if (d.isNegative() || c.isNegative())
        throw new DomainError('VALIDATION', `lines[${i}]: amounts must not be negative (post the opposite side instead)`, { field: `lines[${i}]` });
      if (d.isZero() === c.isZero()) throw new DomainError('VALIDATION', `lines[${i}]: exactly one of debit and credit`, { field: `lines[${i}]` });
      debits = debits.add(d);
      credits = credits.add(c);
    });
    if (!debits.equals(credits)) {
      throw new DomainError('LEDGER.UNBALANCED', `entry is unbalanced: debits ${debits.format()}, credits ${credits.format()}`, {
        field: 'lines',
        reason: 'unbalanced',
      });
    }
    const [existing] = await em.execute<{ id: string }[]>('select id from fund.journal_entry where cause_type = ? and cause_id = ?', [
      p.cause.type,
      p.cause.id,
    ]);
    if (existing) return { entryId: existing.id, replayed: true };
    const [closed] = await em.execute<{ status: string }[]>(`select status from fund.period where admdvs = ? and period = ? and status = 'CLOSED'`, [
      p.admdvs,
      p.period,
    ]);
    if (closed)
      throw new ConflictError('LEDGER.PERIOD_CLOSED', `period ${p.period} of ${p.admdvs} is closed: post the correction into an open period`, {
        field: 'period',
      });
    const id = newUuidV7();
    await em.execute(`insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, reverses, posted_at) values (?, ?, ?, ?, ?, ?, ?, ?)`, [
      id,
      p.admdvs,
      p.period,
      p.cause.type,
      p.cause.id,
      p.memo,
      p.reverses ?? null,
      this.clock.now(),
    ]);
    await em.execute(
      `insert into fund.journal_line (entry_id, line_no, account_code, debit_fen, credit_fen) values ${p.lines.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      p.lines.flatMap((l, i) => [id, i + 1, l.account, (l.debit ?? Money.ZERO).fenBigInt.toString(), (l.credit ?? Money.ZERO).fenBigInt.toString()]),
    );
    await this.audit.record(em, {
      action: 'ledger.post',
      targetType: 'journal-entry',
      targetId: id,
      admdvs: p.admdvs,
      detail: { cause: p.cause, amount: debits.toYuanString() },
    });
    return { entryId: id, replayed: false };
  }

  /**
   * Many balanced entries in one set-based insert (bulk paths: prepayment, clearing): the same
   * checks as {@link post} per entry, accounts opened first by the caller; an entry whose cause is
   * already there is skipped (its id returned, `replayed`). One audit row for the batch (count,
   * total, causes' digest) instead of one per entry; the database still checks every entry's
   * balance at commit. Entry ids come back in the order of `postings`.
   */
  async postMany(
    em: EntityManager,
    postings: Posting[],
    audit: { targetType: string; targetId: string; admdvs: string },
  ): Promise<{ entryId: string; replayed: boolean }[]> {
    if (postings.length === 0) return [];
    const entries: { id: string; admdvs: string; period: string; cause_type: string; cause_id: string; memo: string }[] = [];
    const lines: { entry_id: string; line_no: number; account_code: string; debit_fen: string; credit_fen: string }[] = [];
    let total = 0n;
    for (const [k, p] of postings.entries()) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(p.period))
        throw new DomainError('VALIDATION', `postings[${k}].period: must be yyyy-MM`, { field: `postings[${k}].period` });
      let d = 0n;
      let c = 0n;
      const id = newUuidV7();
      p.lines.forEach((l, i) => {
        const debit = (l.debit ?? Money.ZERO).fenBigInt;
        const credit = (l.credit ?? Money.ZERO).fenBigInt;
        if (debit < 0n || credit < 0n || (debit === 0n) === (credit === 0n))
          throw new DomainError('VALIDATION', `postings[${k}].lines[${i}]: exactly one positive amount of debit and credit`, {
            field: `postings[${k}].lines[${i}]`,
          });
        d += debit;
        c += credit;
        lines.push({ entry_id: id, line_no: i + 1, account_code: l.account, debit_fen: debit.toString(), credit_fen: credit.toString() });
      });
      if (p.lines.length < 2 || d !== c)
        throw new DomainError('LEDGER.UNBALANCED', `postings[${k}]: entry ${p.cause.type}/${p.cause.id} is unbalanced or has fewer than two lines`, {
          field: `postings[${k}].lines`,
        });
      total += d;
      entries.push({ id, admdvs: p.admdvs, period: p.period, cause_type: p.cause.type, cause_id: p.cause.id, memo: p.memo });
    }
    const [closed] = await em.execute<{ period: string }[]>(
      `select p.period from fund.period p join jsonb_to_recordset(?::jsonb) as x(admdvs text, period text) on x.admdvs = p.admdvs and x.period = p.period where p.status = 'CLOSED' limit 1`,
      [JSON.stringify(entries.map((e) => ({ admdvs: e.admdvs, period: e.period })))],
    );
    if (closed)
      throw new ConflictError('LEDGER.PERIOD_CLOSED', `period ${closed.period} is closed: post the correction into an open period`, { field: 'period' });
    const now = this.clock.now();
    const inserted = await em.execute<{ id: string }[]>(
      `insert into fund.journal_entry (id, admdvs, period, cause_type, cause_id, memo, posted_at)
       select x.id, x.admdvs, x.period, x.cause_type, x.cause_id, x.memo, ? from jsonb_to_recordset(?::jsonb) as x(id uuid, admdvs text, period text, cause_type text, cause_id text, memo text)
       on conflict (cause_type, cause_id) do nothing returning id::text as id`,
      [now, JSON.stringify(entries)],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    if (fresh.size > 0) {
      await em.execute(
        `insert into fund.journal_line (entry_id, line_no, account_code, debit_fen, credit_fen)
         select x.entry_id, x.line_no, x.account_code, x.debit_fen, x.credit_fen
         from jsonb_to_recordset(?::jsonb) as x(entry_id uuid, line_no int, account_code text, debit_fen bigint, credit_fen bigint)`,
        [JSON.stringify(lines.filter((l) => fresh.has(l.entry_id)))],
      );
    }
    const replays = entries.filter((e) => !fresh.has(e.id));
    const existing = new Map<string, string>();
    if (replays.length > 0) {
      const rows = await em.execute<{ id: string; cause_type: string; cause_id: string }[]>(
        `select e.id::text as id, e.cause_type, e.cause_id from fund.journal_entry e join jsonb_to_recordset(?::jsonb) as x(cause_type text, cause_id text)
         on x.cause_type = e.cause_type and x.cause_id = e.cause_id`,
        [JSON.stringify(replays.map((e) => ({ cause_type: e.cause_type, cause_id: e.cause_id })))],
      );
      for (const r of rows) existing.set(`${r.cause_type}\u0000${r.cause_id}`, r.id);
    }
    await this.audit.record(em, {
      action: 'ledger.post-batch',
      targetType: audit.targetType,
      targetId: audit.targetId,
      admdvs: audit.admdvs,
      after: entries.map((e) => `${e.cause_type}/${e.cause_id}`),
      detail: { entries: fresh.size, replayed: replays.length, amount: Money.fromFen(total).toYuanString() },
    });
    return entries.map((e) =>
      fresh.has(e.id) ? { entryId: e.id, replayed: false } : { entryId: existing.get(`${e.cause_type}\u0000${e.cause_id}`) ?? '', replayed: true },
    );
  }

  /** A reversing entry: the same lines with debit and credit swapped, caused by `cause`. */
  async reverse(
    em: EntityManager,
    entryId: string,
    cause: { type: string; id: string },
    period: string,
    memo: string,
  ): Promise<{ entryId: string; replayed: boolean }> {
    const original = await this.entry(em, entryId);
    return this.post(em, {
      admdvs: original.admdvs,
      period,
      cause,
      memo,
      lines: original.lines.map((l) => ({
        account: l.account,
        ...(l.debit !== '0.00' ? { credit: Money.parseYuan(l.debit, 'debit') } : { debit: Money.parseYuan(l.credit, 'credit') }),
      })),
      reverses: original.id,
    });
  }

  async closePeriod(em: EntityManager, admdvs: string, period: string): Promise<void> {
    await em.execute(
      `insert into fund.period (admdvs, period, status, closed_at) values (?, ?, 'CLOSED', ?) on conflict (admdvs, period) do update set status = 'CLOSED', closed_at = excluded.closed_at`,
      [admdvs, period, this.clock.now()],
    );
    await this.audit.record(em, { action: 'ledger.close-period', targetType: 'period', targetId: `${admdvs}/${period}`, admdvs });
  }

  async entry(em: EntityManager, id: string): Promise<EntryView> {
    const [e] = await em.execute<
      { id: string; admdvs: string; period: string; cause_type: string; cause_id: string; memo: string; reverses: string | null; posted_at: Date }[]
    >('select id, admdvs, period, cause_type, cause_id, memo, reverses, posted_at from fund.journal_entry where id = ?', [id]);
    if (!e) throw new NotFoundError('journal entry', id);
    const lines = await em.execute<{ account_code: string; debit_fen: string; credit_fen: string }[]>(
      'select account_code, debit_fen::text as debit_fen, credit_fen::text as credit_fen from fund.journal_line where entry_id = ? order by line_no',
      [id],
    );
    return {
      id: e.id,
      admdvs: e.admdvs,
      period: e.period,
      cause: { type: e.cause_type, id: e.cause_id },
      memo: e.memo,
      reverses: e.reverses,
      postedAt: new Date(e.posted_at).toISOString(),
      lines: lines.map((l) => ({
        account: l.account_code,
        debit: Money.fromFen(BigInt(l.debit_fen)).toYuanString(),
        credit: Money.fromFen(BigInt(l.credit_fen)).toYuanString(),
      })),
    };
  }

  /** Balance of an account (debit − credit for assets/expenses, credit − debit otherwise), optionally up to a period. */
  async balance(accountCode: string, throughPeriod?: string): Promise<{ account: string; kind: AccountKind; admdvs: string; balance: string; fen: string }> {
    const em = this.orm.em.fork();
    const [a] = await em.execute<{ kind: AccountKind; admdvs: string }[]>('select kind, admdvs from fund.account where code = ?', [accountCode]);
    if (!a || !canSee(currentActor(), a.admdvs)) throw new NotFoundError('account', accountCode);
    const [s] = await em.execute<{ d: string; c: string }[]>(
      `select coalesce(sum(l.debit_fen), 0)::text as d, coalesce(sum(l.credit_fen), 0)::text as c
       from fund.journal_line l join fund.journal_entry e on e.id = l.entry_id where l.account_code = ? ${throughPeriod ? 'and e.period <= ?' : ''}`,
      throughPeriod ? [accountCode, throughPeriod] : [accountCode],
    );
    const debitNormal = a.kind === 'asset' || a.kind === 'expense';
    const fen = debitNormal ? BigInt(s.d) - BigInt(s.c) : BigInt(s.c) - BigInt(s.d);
    return { account: accountCode, kind: a.kind, admdvs: a.admdvs, balance: Money.fromFen(fen).toYuanString(), fen: fen.toString() };
  }
}
