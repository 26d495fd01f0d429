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
