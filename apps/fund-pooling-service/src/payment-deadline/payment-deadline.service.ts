import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  type PaymentDeadlineApproachingPayload,
  PaymentDeadlineEventSubjects,
  type PaymentDeadlineListRequest,
  type PaymentDeadlineListView,
  type PaymentDeadlineOverduePayload,
  type PaymentDeadlineView,
} from '@mi/contracts';
import { Admdvs, type Clock, defaultCalendar, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, pgArray, SERVICE_CONFIG, SYSTEM_ACTOR } from '@mi/platform';
import type { FundPoolingConfig } from '../config';
import { poolingRegion } from '../ledger/pooling-region';
import { paymentDeadline, type PaymentDeadlinePolicy, type PaymentDeadlineStatus } from './payment-deadline';

/** A range asked for spans at most this many months. */
const MAX_RANGE_MONTHS = 36;
/** The sweeper looks at the months that ended in the last two years (older ones were reported when they fell due). */
const SWEEP_LOOKBACK_MONTHS = 24;

/**
 * The run that paid a month `p.period` of region `?`: its own run, else the first later run that
 * took its postings as late items (a month that never had its own run: a later month was settled
 * first). The first branch stops the append when the month has its own run.
 */
const PAYING_RUN = `
  (select m.id, m.period, m.approved_at from fund.monthly_settlement m where m.admdvs = ? and m.period = p.period)
  union all
  (select m.id, m.period, m.approved_at from fund.monthly_settlement m
    where m.admdvs = ? and m.period > p.period
      and exists (select 1 from fund.journal_entry e join fund.settlement_item si on si.entry_id = e.id
                  where e.admdvs = m.admdvs and e.period = p.period and si.settlement_id = m.id)
    order by m.period limit 1)
  limit 1`;

interface FactsRow {
  period: string;
  settlement_id: string | null;
  settlement_period: string | null;
  approved_at: Date | string | null;
  held_fen: string | null;
  has_postings: boolean;
  overdue_notified_at: Date | string | null;
  approaching_notified_at: Date | string | null;
}

interface MonthState {
  facts: FactsRow;
  status: PaymentDeadlineStatus;
}

export interface PaymentDeadlineSweepResult {
  approaching: number;
  overdue: number;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/** `yyyy-MM` plus `k` months (negative goes back). */
export function addMonths(period: string, k: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + k;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * 拨付时限 — the payment deadline of each month of a pooling region (SET-06: 30 working days from
 * the day after the month's submission deadline) against the run that paid it, read-only; and the
 * sweep that reports, once per region and month, a month about to fall due and a month past its due
 * date without a paying run (`PaymentDeadlineApproaching`, `PaymentDeadlineOverdue`), each in one
 * transaction with its notice row (unique per region, month and kind), audit row and outbox event.
 */
@Injectable()
export class PaymentDeadlineService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: FundPoolingConfig,
  ) {}

  policy(): PaymentDeadlinePolicy {
    return {
      submissionDeadlineDay: this.config.PAYMENT_SUBMISSION_DEADLINE_DAY,
      rollSubmissionDeadline: this.config.PAYMENT_SUBMISSION_DEADLINE_ROLLS === 'true',
      dueWorkingDays: this.config.PAYMENT_DUE_WORKING_DAYS,
      dueSoonWorkingDays: this.config.PAYMENT_DUE_SOON_WORKING_DAYS,
    };
  }

  async list(req: PaymentDeadlineListRequest): Promise<PaymentDeadlineListView> {
    const city = poolingRegion(req.admdvs, 'payment deadlines');
    // Another region's months are answered like a region that does not exist.
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const today = this.today();
    const [from, to] = requestedRange(req);
    const thisMonth = today.toString().slice(0, 7);
    // Months after the current one are left out (none when the range starts after it).
    const months = monthsBetween(from, to < thisMonth ? to : thisMonth);
    const states = await this.states(this.orm.em.fork(), city, months, today);
    const policy = this.policy();
    return {
      admdvs: city,
      today: today.toString(),
      policy,
      months: states.map(({ facts, status }) => view(facts, status)),
      notes: notes(policy),
    };
  }

  /**
   * One pass over every pooling region of the ledger and the months that ended in the last two
   * years: reports each month that is DUE_SOON or OVERDUE and was not reported yet. Safe to repeat
   * and to run on several replicas at once (the notice's unique key decides who reports).
   */
  async sweep(): Promise<PaymentDeadlineSweepResult> {
    const result: PaymentDeadlineSweepResult = { approaching: 0, overdue: 0 };
    const today = this.today();
    const thisMonth = today.toString().slice(0, 7);
    const months = monthsBetween(addMonths(thisMonth, -SWEEP_LOOKBACK_MONTHS), addMonths(thisMonth, -1));
    const regions = (await this.orm.em.fork().execute<{ admdvs: string }[]>(`select distinct admdvs from fund.account order by 1`))
      .map((r) => r.admdvs)
      .filter((a) => Admdvs.isValid(a) && Admdvs.parse(a).level === 'city');
    for (const city of regions) {
      for (const { facts, status } of await this.states(this.orm.em.fork(), city, months, today)) {
        if (status.state === 'OVERDUE' && facts.overdue_notified_at === null && (await this.notify(city, status, 'OVERDUE', today))) result.overdue++;
        if (status.state === 'DUE_SOON' && facts.approaching_notified_at === null && (await this.notify(city, status, 'APPROACHING', today))) {
          result.approaching++;
        }
      }
    }
    return result;
  }

  private today(): LocalDate {
    return LocalDate.fromInstant(this.clock.now(), 'now');
  }

  /** The facts of each month (one set-based query) and its state today. */
  private async states(em: EntityManager, city: string, months: string[], today: LocalDate): Promise<MonthState[]> {
    if (months.length === 0) return [];
    const rows = await em.execute<FactsRow[]>(
      `select p.period, r.id::text as settlement_id, r.period as settlement_period, r.approved_at,
              case when r.id is null then null else
                (select coalesce(sum(s.held_fen), 0)::text from fund.settlement_statement s where s.settlement_id = r.id) end as held_fen,
              exists (select 1 from fund.journal_entry e where e.admdvs = ? and e.period = p.period
                        and e.cause_type in ('claim-settled', 'deduction', 'indicator-deduction', 'case-payment')) as has_postings,
              (select n.notified_at from fund.payment_deadline_notice n where n.admdvs = ? and n.period = p.period and n.kind = 'OVERDUE') as overdue_notified_at,
              (select n.notified_at from fund.payment_deadline_notice n where n.admdvs = ? and n.period = p.period and n.kind = 'APPROACHING') as approaching_notified_at
       from unnest(?::text[]) as p(period)
       left join lateral (${PAYING_RUN}) r on true
       order by p.period`,
      [city, city, city, pgArray(months), city, city],
    );
    const calendar = defaultCalendar();
    const policy = this.policy();
    return rows.map((facts) => ({
      facts,
      status: paymentDeadline(calendar, policy, {
        period: facts.period,
        today,
        approvedAt: facts.approved_at === null ? null : new Date(facts.approved_at),
        hasPostings: facts.has_postings,
      }),
    }));
  }

  /** Records the notice once (none when the month got paid meanwhile), with its audit row and event. Returns whether this call sent it. */
  private notify(city: string, s: PaymentDeadlineStatus, kind: 'APPROACHING' | 'OVERDUE', today: LocalDate): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      const id = newUuidV7();
      const now = this.clock.now();
      const submissionDeadline = s.submissionDeadline?.toString() ?? '';
      const dueDate = s.dueDate?.toString() ?? null;
      const workingDays = kind === 'OVERDUE' ? s.workingDaysLate : s.workingDaysLeft;
      const inserted = await em.execute<{ id: string }[]>(
        `insert into fund.payment_deadline_notice (id, admdvs, period, kind, submission_deadline, due_date, working_days, noticed_on, notified_at)
         select ?, ?, ?, ?, ?, ?, ?, ?, ?
         where not exists (select 1 from (select ?::text as period) p cross join lateral (${PAYING_RUN}) r)
         on conflict (admdvs, period, kind) do nothing
         returning id::text as id`,
        [id, city, s.period, kind, submissionDeadline, dueDate, workingDays, today.toString(), now, s.period, city, city],
      );
      if (inserted.length === 0) return false;
      const base = { noticeId: id, admdvs: city, period: s.period, submissionDeadline, noticedOn: today.toString() };
      await this.audit.record(em, {
        action: kind === 'OVERDUE' ? 'fund.payment-deadline.overdue' : 'fund.payment-deadline.approaching',
        targetType: 'payment-deadline',
        targetId: `${city}/${s.period}`,
        admdvs: city,
        actor: SYSTEM_ACTOR,
        after: { kind, ...base, dueDate, workingDays },
      });
      if (kind === 'OVERDUE') {
        await this.outbox.add<PaymentDeadlineOverduePayload>(em, {
          subject: PaymentDeadlineEventSubjects.PaymentDeadlineOverdue,
          type: 'PaymentDeadlineOverdue',
          admdvs: city,
          aggregateId: id,
          payload: { ...base, dueDate: dueDate ?? '', workingDaysLate: s.workingDaysLate },
        });
      } else {
        await this.outbox.add<PaymentDeadlineApproachingPayload>(em, {
          subject: PaymentDeadlineEventSubjects.PaymentDeadlineApproaching,
          type: 'PaymentDeadlineApproaching',
          admdvs: city,
          aggregateId: id,
          payload: { ...base, dueDate, workingDaysLeft: s.workingDaysLeft ?? 0 },
        });
      }
      return true;
    });
  }
}

/** The months asked for: a year, or a range of at most 36 months; refusals name the field. */
function requestedRange(req: PaymentDeadlineListRequest): [string, string] {
  const ranged = req.fromPeriod !== undefined || req.toPeriod !== undefined;
  if (req.year !== undefined && ranged) throw new ValidationError('year', 'give either year or fromPeriod and toPeriod, not both');
  if (req.year !== undefined) return [`${req.year}-01`, `${req.year}-12`];
  if (!ranged) throw new ValidationError('year', 'give a year, or fromPeriod and toPeriod');
  if (req.fromPeriod === undefined) throw new ValidationError('fromPeriod', 'is required with toPeriod');
  if (req.toPeriod === undefined) throw new ValidationError('toPeriod', 'is required with fromPeriod');
  if (req.toPeriod < req.fromPeriod) throw new ValidationError('toPeriod', `must not be before fromPeriod ${req.fromPeriod}`);
  if (monthsBetween(req.fromPeriod, req.toPeriod).length > MAX_RANGE_MONTHS) {
    throw new ValidationError('toPeriod', `a range spans at most ${MAX_RANGE_MONTHS} months`);
  }
  return [req.fromPeriod, req.toPeriod];
}

function view(facts: FactsRow, s: PaymentDeadlineStatus): PaymentDeadlineView {
  return {
    period: s.period,
    submissionDeadline: s.submissionDeadline?.toString() ?? null,
    dueDate: s.dueDate?.toString() ?? null,
    state: s.state,
    workingDaysLeft: s.workingDaysLeft,
    workingDaysLate: s.workingDaysLate,
    settlementId: facts.settlement_id,
    settlementPeriod: facts.settlement_period,
    approvedAt: iso(facts.approved_at),
    paidOn: s.paidOn?.toString() ?? null,
    heldFen: facts.held_fen,
    overdueNotifiedAt: iso(facts.overdue_notified_at),
  };
}

function notes(p: PaymentDeadlinePolicy): string[] {
  return [
    `submissionDeadline (申报截止日): day ${p.submissionDeadlineDay} of the month after the service month${p.rollSubmissionDeadline ? '; on a rest day, the next working day' : ''}`,
    `dueDate: ${p.dueWorkingDays} working days counted from the day after the submission deadline (SET-06, 医保办发〔2024〕9号), on the platform's working-day calendar (法定节假日 and 调休)`,
    'paid: when the month’s run was approved (its payment entries posted) — or, for a month that never had its own run, the first later run that took its postings as late items; the Beijing date counts, a rest day as the next working day',
    `DUE_SOON: ${p.dueSoonWorkingDays} working days left or fewer; OVERDUE: unpaid after the due date, workingDaysLate = how late a payment on the next working day would be`,
    'heldFen: what the run held while an agreement was suspended or terminated (暂缓拨付); held amounts are not late payments',
    'NOTHING_TO_PAY: the submission deadline passed and the month has no settlement or deduction posted; CALENDAR_MISSING: the calendar has no holiday arrangement for a year the count needs (CALENDAR_YEARS_FILE)',
  ];
}
