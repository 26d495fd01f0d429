import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type HeldPaymentReleasedPayload,
  type PaymentHoldChangedPayload,
  PaymentHoldEventSubjects,
  type PaymentHoldState,
  type PaymentHeldPayload,
} from '@mi/contracts';
import { type Clock, LocalDate, Money } from '@mi/domain';
import { AuditService, CLOCK, OutboxService } from '@mi/platform';
import { heldAccount, openFundAccount } from '../ledger/accounts';
import { LEDGER_FUND_CODES } from '../ledger/funds';
import { LedgerService } from '../ledger/ledger.service';

/** An agreement transition as fund-pooling sees it. */
export interface HoldTransition {
  eventId: string;
  /** Pooling region (city) the agreement applies in. */
  city: string;
  institutionCode: string;
  agreementId: string;
  to: PaymentHoldState;
  reason: string;
  effectiveAt: string;
}

interface HoldRow {
  state: PaymentHoldState;
  agreement_id: string;
  effective_at: Date | string;
}

/**
 * 暂缓拨付 — one hold state per region and institution, moved by agreement events inside the
 * inbox's transaction:
 * - suspended → SUSPENDED: monthly runs credit what they would pay to the institution's held account;
 * - resumed → RELEASED: everything held is paid (debit held, credit the fund account), one entry
 *   per insurance type caused by the event;
 * - terminated → TERMINATED, final: held amounts stay held pending the bureau's decision, and later
 *   runs keep holding (a later Suspended/Resumed does not lift it).
 * An event older (by effective instant) than the state it would replace is stale and changes
 * nothing, so redelivered or out-of-order events cannot release what a later event holds. Every
 * change writes an audit row and `PaymentHoldChanged`; every release a journal entry, an audit row
 * (the ledger's) and `HeldPaymentReleased` — all in the event's one transaction.
 */
@Injectable()
export class PaymentHoldService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async transition(em: EntityManager, t: HoldTransition): Promise<void> {
    const [cur] = await em.execute<HoldRow[]>(
      `select state, agreement_id::text as agreement_id, effective_at from fund.payment_hold where admdvs = ? and institution_code = ? for update`,
      [t.city, t.institutionCode],
    );
    const target = `${t.city}/${t.institutionCode}`;
    const ignored =
      cur?.state === 'TERMINATED'
        ? 'terminated: held until the bureau decides'
        : cur && new Date(cur.effective_at).getTime() > new Date(t.effectiveAt).getTime()
          ? 'stale'
          : null;
    if (ignored) {
      await this.audit.record(em, {
        action: 'fund.payment-hold.ignored',
        targetType: 'institution',
        targetId: target,
        admdvs: t.city,
        before: { state: cur?.state },
        detail: { causeEventId: t.eventId, wanted: t.to, effectiveAt: t.effectiveAt, why: ignored },
      });
      return;
    }
    await em.execute(
      `insert into fund.payment_hold (admdvs, institution_code, agreement_id, state, reason, cause_event_id, effective_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (admdvs, institution_code) do update set agreement_id = excluded.agreement_id, state = excluded.state, reason = excluded.reason,
         cause_event_id = excluded.cause_event_id, effective_at = excluded.effective_at, updated_at = excluded.updated_at`,
      [t.city, t.institutionCode, t.agreementId, t.to, t.reason.slice(0, 500), t.eventId, t.effectiveAt, this.clock.now()],
    );
    await this.audit.record(em, {
      action: 'fund.payment-hold',
      targetType: 'institution',
      targetId: target,
      admdvs: t.city,
      before: { state: cur?.state ?? null },
      after: { state: t.to },
      detail: { causeEventId: t.eventId, agreementId: t.agreementId, reason: t.reason, effectiveAt: t.effectiveAt },
    });
    if (t.to === 'RELEASED') await this.release(em, t);
    const held = await this.heldBalances(em, t.city, t.institutionCode);
    await this.outbox.add<PaymentHoldChangedPayload>(em, {
      subject: PaymentHoldEventSubjects.PaymentHoldChanged,
      type: 'PaymentHoldChanged',
      admdvs: t.city,
      aggregateId: t.institutionCode,
      payload: {
        admdvs: t.city,
        institutionCode: t.institutionCode,
        agreementId: t.agreementId,
        state: t.to,
        causeEventId: t.eventId,
        effectiveAt: t.effectiveAt,
        heldFen: Object.fromEntries([...held].map(([k, v]) => [k, v.toString()])),
      },
    });
  }

  /** Whether a run approved now holds the institution's payment (suspended or terminated). */
  async state(em: EntityManager, city: string, institutionCode: string): Promise<PaymentHoldState | null> {
    const [row] = await em.execute<{ state: PaymentHoldState }[]>(`select state from fund.payment_hold where admdvs = ? and institution_code = ?`, [
      city,
      institutionCode,
    ]);
    return row?.state ?? null;
  }

  /** In the run's transaction: the event announcing what a run held. */
  async held(em: EntityManager, p: PaymentHeldPayload): Promise<void> {
    await this.audit.record(em, {
      action: 'fund.payment-held',
      targetType: 'institution',
      targetId: `${p.admdvs}/${p.institutionCode}`,
      admdvs: p.admdvs,
      detail: {
        settlementId: p.settlementId,
        period: p.period,
        insutype: p.insutype,
        held: Money.fromFen(BigInt(p.heldFen)).toYuanString(),
        entryId: p.entryId,
      },
    });
    await this.outbox.add<PaymentHeldPayload>(em, {
      subject: PaymentHoldEventSubjects.PaymentHeld,
      type: 'PaymentHeld',
      admdvs: p.admdvs,
      aggregateId: p.institutionCode,
      payload: p,
    });
  }

  /** Pays out everything held for the institution: one entry per insurance type (and one-stop fund, from its own account), caused by the resuming event. */
  private async release(em: EntityManager, t: HoldTransition): Promise<void> {
    const period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    for (const [insutype, fen] of await this.heldBalances(em, t.city, t.institutionCode)) {
      if (fen <= 0n) continue;
      const amount = Money.fromFen(fen);
      const fund = await openFundAccount(this.ledger, em, t.city, insutype);
      const { entryId } = await this.ledger.post(em, {
        admdvs: t.city,
        period,
        cause: { type: 'hold-release', id: `${t.eventId}/${insutype}` },
        memo: `协议恢复，拨付暂缓款 ${t.institutionCode}（${insutype}）${amount.format()}`,
        lines: [
          { account: heldAccount(t.city, insutype, t.institutionCode), debit: amount },
          { account: fund, credit: amount },
        ],
      });
      await this.outbox.add<HeldPaymentReleasedPayload>(em, {
        subject: PaymentHoldEventSubjects.HeldPaymentReleased,
        type: 'HeldPaymentReleased',
        admdvs: t.city,
        aggregateId: t.institutionCode,
        payload: { admdvs: t.city, institutionCode: t.institutionCode, insutype, releasedFen: fen.toString(), entryId, causeEventId: t.eventId },
      });
    }
  }

  /** Credit balance of each held account of the institution that exists, by insurance type or one-stop fund (一站式结算: held from its own fund, released to it). */
  async heldBalances(em: EntityManager, city: string, institutionCode: string): Promise<Map<string, bigint>> {
    const rows = await em.execute<{ insutype: string; fen: string }[]>(
      `select a.insutype, coalesce(sum(l.credit_fen - l.debit_fen), 0)::text as fen
       from fund.account a left join fund.journal_line l on l.account_code = a.code
       where a.code in (?) group by a.insutype order by a.insutype`,
      [LEDGER_FUND_CODES.map((i) => heldAccount(city, i, institutionCode))],
    );
    return new Map(rows.map((r) => [r.insutype, BigInt(r.fen)]));
  }
}
