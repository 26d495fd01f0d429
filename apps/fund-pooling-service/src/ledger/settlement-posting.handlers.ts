import { Controller, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ClaimSettledEvent,
  DEDUCTION_CONFIRMED_SUBJECT,
  DeductionConfirmedEvent,
  INDICATOR_DEDUCTION_CONFIRMED_SUBJECT,
  IndicatorDeductionConfirmedEvent,
  ReviewEventSubjects,
} from '@mi/contracts';
import { DomainError, LocalDate, Money } from '@mi/domain';
import {
  type BatchedEvent,
  InboxService,
  JetStreamBatchConsumer,
  type MiRpcContext,
  NATS_CONNECTION,
  PERSISTENCE_SCHEMA,
  SERVICE_CONFIG,
  type ServiceConfig,
  SubjectResolver,
} from '@mi/platform';
import type { NatsConnection } from '@nats-io/transport-node';
import { openAccounts, payableLines } from './accounts';
import { BASIC_INSUTYPES, isBasicInsutype, settlementParts } from './funds';
import { CasePaymentService } from '../case-payment/case-payment.service';
import { LedgerService, type PostingLine } from './ledger.service';

/** Most ClaimSettled events posted in one transaction. */
const CLAIM_SETTLED_BATCH = 200;

/** Deductions (扣款) are taken from the basic fund's part of a settlement only. */
function basicOnly(insutype: string): void {
  if (!isBasicInsutype(insutype)) {
    throw new DomainError('VALIDATION', `payload.insutype: ${insutype} is not a basic fund (${BASIC_INSUTYPES.join(', ')})`, {
      field: 'payload.insutype',
      reason: 'not a basic insurance type',
    });
  }
}

/**
 * Every accepted settlement becomes a liability to the institution for what each fund owes it: the
 * basic pooled fund (统筹基金支付, `hifpPayFen`) and, in one-stop settlement (一站式结算), each other
 * fund's part (`fundPartsFen`: 大病保险, 医疗救助 …). One balanced entry per fund part — debit that
 * fund's expense, credit the institution's payable of that fund — cause `claim-settled`, the event id
 * for the basic part and `<event id>/<code>` for each other part; all of an event's entries and its
 * inbox row in one transaction, so a redelivered or replayed event cannot post twice. A reversal
 * (negative amounts) posts the opposite entry of each part. Accounts are opened on first use.
 *
 * Events arrive in batches (whatever is waiting, up to {@link CLAIM_SETTLED_BATCH}) and a batch is
 * posted in one transaction, each event inside its own savepoint: an event that fails is rolled
 * back alone and retried or dead-lettered alone. If the batch's commit itself fails, each event is
 * posted again in its own transaction, so one bad event never holds the others back.
 */
@Injectable()
export class ClaimSettledPosting implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: JetStreamBatchConsumer<ClaimSettledEvent>;

  constructor(
    private readonly orm: MikroORM,
    private readonly ledger: LedgerService,
    private readonly cases: CasePaymentService,
    @Inject(PERSISTENCE_SCHEMA) private readonly schema: string,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new JetStreamBatchConsumer({
      nc: this.nc,
      resolver: this.resolver,
      service: this.config.SERVICE_NAME,
      pattern: ReviewEventSubjects.ClaimSettled,
      eventClass: ClaimSettledEvent,
      maxDeliver: this.config.EVENT_MAX_DELIVER,
      maxBatch: CLAIM_SETTLED_BATCH,
      handle: (events) => this.postBatch(events),
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.close();
  }

  /** One outcome per event: `undefined` when posted (or already posted), else its error. */
  async postBatch(events: BatchedEvent<ClaimSettledEvent>[]): Promise<unknown[]> {
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const outcomes: unknown[] = [];
        for (const { event, delivery } of events) {
          await em.execute('savepoint claim_settled');
          try {
            await this.postOnce(em, delivery.consumer, event);
            await em.execute('release savepoint claim_settled');
            outcomes.push(undefined);
          } catch (e) {
            await em.execute('rollback to savepoint claim_settled');
            outcomes.push(e);
          }
        }
        return outcomes;
      });
    } catch (e) {
      if (events.length === 1) return [e];
      const outcomes: unknown[] = [];
      for (const { event, delivery } of events) {
        outcomes.push(
          await this.orm.em
            .fork()
            .transactional((em) => this.postOnce(em, delivery.consumer, event))
            .then(
              () => undefined,
              (error: unknown) => error,
            ),
        );
      }
      return outcomes;
    }
  }

  /** Inbox row and entries of one event, in the caller's transaction; a repeated event does nothing. */
  private async postOnce(em: EntityManager, consumer: string, e: ClaimSettledEvent): Promise<void> {
    const p = e.payload;
    const parts = settlementParts(p);
    // A settlement no fund paid posts nothing, but a basic fund's is still a case DRG/DIP may pay.
    if (parts.length === 0 && !isBasicInsutype(p.insutype)) return;
    const first = await em.execute<{ event_id: string }[]>(
      `insert into "${this.schema}".inbox (consumer, event_id) values (?, ?) on conflict do nothing returning event_id`,
      [consumer, e.id],
    );
    if (first.length === 0) return;
    // 按病种付费: the case its group payment is computed from (a reversal reverses its adjustment).
    await this.cases.onClaimSettled(em, e.id, p);
    for (const part of parts) {
      const amount = Money.fromFen(part.fen).abs();
      const { expense, payable } = await openAccounts(this.ledger, em, { poolarea: p.poolarea, insutype: part.code, institutionCode: p.institutionCode });
      const forward = part.fen > 0n;
      await this.ledger.post(em, {
        admdvs: p.poolarea,
        period: p.setlDate.slice(0, 7),
        cause: { type: 'claim-settled', id: part.fund ? `${e.id}/${part.code}` : e.id },
        memo: `${forward ? '结算' : '冲正'} ${p.setlId}（${p.institutionCode}）${part.fund ? `${part.fund.name}支付（${part.fund.nhsaField}）` : '统筹支付'} ${amount.format()}`,
        lines: payableLines(expense, payable, amount, forward),
      });
    }
  }
}

@Controller()
export class SettlementPostingHandlers {
  constructor(
    private readonly ledger: LedgerService,
    private readonly inbox: InboxService,
  ) {}

  /**
   * 扣款 — an approved deduction reduces what the fund owes the institution: debit the payable,
   * credit the fund's expense, one entry per event. It is posted in the period it was confirmed
   * (Beijing date), not the settlement's: that period may be closed by then. It is taken from the
   * basic fund of the settlement's insurance type, never from a one-stop part (大病保险, 医疗救助 …):
   * the agreement's settlement rules (and so its deductions) govern what the pooled fund pays (003_…).
   */
  @EventPattern<string>(DEDUCTION_CONFIRMED_SUBJECT)
  async onDeductionConfirmed(@Payload() e: DeductionConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    basicOnly(p.insutype);
    const amount = Money.fromFen(BigInt(p.amountFen));
    const city = p.poolarea;
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, async (em) => {
      const { expense, payable } = await openAccounts(this.ledger, em, p);
      await this.ledger.post(em, {
        admdvs: city,
        period: LocalDate.fromInstant(new Date(e.occurredAt), 'occurredAt').toString().slice(0, 7),
        cause: { type: 'deduction', id: e.id },
        memo: `扣款 ${p.setlId}（${p.institutionCode}）${amount.format()}：${p.reason}`.slice(0, 500),
        lines: [
          { account: payable, debit: amount },
          { account: expense, credit: amount },
        ],
      });
    });
  }

  /**
   * 指标性扣款 — an approved indicator deduction (次均费用超标) reduces what the fund owes the
   * institution like a deduction, split over insurance types as `byInsutype` says (its parts must
   * add up to `amountFen`): one entry per event (cause `indicator-deduction`, the event id; and the
   * inbox), debit each insurance type's payable, credit its expense, booked in the month of
   * `periodEnd`. A monthly run takes it once and shows it as INDICATOR_DEDUCTIONS.
   */
  @EventPattern<string>(INDICATOR_DEDUCTION_CONFIRMED_SUBJECT)
  async onIndicatorDeductionConfirmed(@Payload() e: IndicatorDeductionConfirmedEvent, @Ctx() ctx: MiRpcContext): Promise<void> {
    const p = e.payload;
    const parts = Object.entries(p.byInsutype)
      .filter(([, fen]) => BigInt(fen) > 0n)
      .sort(([a], [b]) => a.localeCompare(b));
    const sum = parts.reduce((s, [, fen]) => s + BigInt(fen), 0n);
    if (sum !== BigInt(p.amountFen)) {
      throw new DomainError('VALIDATION', `payload.byInsutype: its parts add up to ${sum} fen, not amountFen ${p.amountFen}`, {
        field: 'payload.byInsutype',
        reason: 'parts do not add up to amountFen',
      });
    }
    await this.inbox.runOnce(ctx.getDelivery()?.consumer ?? 'fund-pooling-service', e.id, async (em) => {
      const lines: PostingLine[] = [];
      for (const [insutype, fen] of parts) {
        const { expense, payable } = await openAccounts(this.ledger, em, { poolarea: p.poolarea, insutype, institutionCode: p.institutionCode });
        lines.push({ account: payable, debit: Money.fromFen(BigInt(fen)) }, { account: expense, credit: Money.fromFen(BigInt(fen)) });
      }
      await this.ledger.post(em, {
        admdvs: p.poolarea,
        period: p.periodEnd.slice(0, 7),
        cause: { type: 'indicator-deduction', id: e.id },
        memo: `指标性扣款 ${p.period}（${p.institutionCode}，评估 ${p.assessmentId}）${Money.fromFen(sum).format()}：${p.reason}`.slice(0, 500),
        lines,
      });
    });
  }
}
