import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalItemPage,
  approvalSubjects,
  type ApprovalView,
  BudgetSubjects,
  type InstitutionStatementView,
  type MonthlySettlementProposal,
  MonthlySettlementSubjects,
  type StatementItemView,
} from '@mi/contracts';
import { type Clock, Money } from '@mi/domain';
import { newUuidV7 } from '@mi/platform';
import type { Actor, MiNatsClient, RunningProcess } from '@mi/platform';
import { asActor, aUser, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { FundPoolingConfig } from '../src/config';
import { LedgerService } from '../src/ledger/ledger.service';
import { persistence } from '../src/persistence';

export const CITY = '430100';
export const yuan = (v: string) => Money.parseYuan(v, 'amount');
export const asSystem = <T>(fn: () => Promise<T>) => asActor({ kind: 'system', id: 'fund-pooling-service', scope: '' }, fn);
export const maker = aUser({ scope: CITY, id: 'u-maker', username: 'maker' });
export const checker = aUser({ scope: CITY, id: 'u-checker', username: 'checker' });

/** The code of a refused reply, or 'accepted'. */
export async function refusal(r: Promise<{ ok: true } | { ok: false; error: { code: string } }>): Promise<string> {
  const reply = await r;
  return reply.ok ? 'accepted' : reply.error.code;
}

/**
 * fund-pooling-service on its own database and subjects, with the city's fund accounts funded
 * (100000.00 per insurance type) and helpers that post what the event consumers post.
 */
export class FundFixture {
  private constructor(
    readonly infra: TestInfra,
    readonly sut: RunningProcess<FundPoolingConfig>,
    readonly ledger: LedgerService,
    readonly orm: MikroORM,
    readonly client: MiNatsClient,
  ) {}

  static async start(insutypes: string[], clock?: Clock): Promise<FundFixture> {
    const infra = await createTestInfra([persistence]);
    const sut = await startTestService(infra, AppModule, FundPoolingConfig, 'fund-pooling-service', { clock });
    const f = new FundFixture(infra, sut, sut.get(LedgerService), sut.get<MikroORM>(MikroORM), testNatsClient(infra));
    for (const t of insutypes) {
      await f.open(`${CITY}-${t}-FUND`, 'asset', t);
      await f.open(`${CITY}-${t}-INCOME`, 'income', t);
      await f.open(`${CITY}-${t}-EXPENSE`, 'expense', t);
      await f.post('county-remittance', `R-${t}`, '2026-03', '县级基金收入上解', `${CITY}-${t}-FUND`, `${CITY}-${t}-INCOME`, '100000.00');
    }
    return f;
  }

  async close(): Promise<void> {
    await this.sut.close();
    await this.infra.close();
  }

  open(code: string, kind: 'asset' | 'liability' | 'expense' | 'income', insutype: string, institutionCode?: string) {
    return this.orm.em.fork().transactional((em) => this.ledger.openAccount(em, { code, name: code, kind, admdvs: CITY, insutype, institutionCode }));
  }

  /** Opens an institution's payable and prepaid accounts for an insurance type. */
  async institution(insutype: string, inst: string): Promise<void> {
    await this.open(`${CITY}-${insutype}-PAYABLE-${inst}`, 'liability', insutype, inst);
    await this.open(`${CITY}-${insutype}-PREPAID-${inst}`, 'asset', insutype, inst);
  }

  /** One two-line entry: debit `debit`, credit `credit`. */
  post(causeType: string, causeId: string, period: string, memo: string, debit: string, credit: string, amount: string) {
    return this.orm.em.fork().transactional((em) =>
      this.ledger.post(em, {
        admdvs: CITY,
        period,
        cause: { type: causeType, id: causeId },
        memo,
        lines: [
          { account: debit, debit: yuan(amount) },
          { account: credit, credit: yuan(amount) },
        ],
      }),
    );
  }

  /** What SettlementPostingHandlers posts for a settlement (or its reversal). */
  settle(id: string, period: string, insutype: string, inst: string, amount: string, reversal = false) {
    const [expense, payable] = [`${CITY}-${insutype}-EXPENSE`, `${CITY}-${insutype}-PAYABLE-${inst}`];
    return reversal
      ? this.post('claim-settled', id, period, `冲正 ${id}`, payable, expense, amount)
      : this.post('claim-settled', id, period, `结算 ${id}`, expense, payable, amount);
  }

  /** What SettlementPostingHandlers posts for a confirmed deduction. */
  deduct(id: string, period: string, insutype: string, inst: string, amount: string) {
    return this.post('deduction', id, period, `扣款 ${id}`, `${CITY}-${insutype}-PAYABLE-${inst}`, `${CITY}-${insutype}-EXPENSE`, amount);
  }

  /** A monthly prepayment (预付) to an institution out of the fund account. */
  prepay(period: string, insutype: string, inst: string, amount: string) {
    return this.post(
      'monthly-prepayment',
      `P-${period}-${inst}`,
      period,
      `${period} 预付`,
      `${CITY}-${insutype}-PREPAID-${inst}`,
      `${CITY}-${insutype}-FUND`,
      amount,
    );
  }

  async balance(code: string): Promise<string> {
    return (await asSystem(() => this.ledger.balance(code))).balance;
  }

  propose(actor: Actor = maker, period = '2026-04') {
    return asActor(actor, () =>
      this.client.requestReply<ApprovalView<MonthlySettlementProposal>>(MonthlySettlementSubjects.propose, { admdvs: CITY, period, reason: `${period} 结算` }),
    );
  }

  /** A page of a proposal's line items (a monthly run's statements). */
  items<T = StatementItemView>(actor: Actor, id: string, query: { key?: string; limit?: number; offset?: number } = {}) {
    return asActor(actor, () => this.client.requestReply<ApprovalItemPage<T>>(approvalSubjects('fund').items, { id, ...query }));
  }

  /** Every line item of a proposal, page by page. */
  async allItems<T = StatementItemView>(actor: Actor, id: string): Promise<T[]> {
    const all: T[] = [];
    for (;;) {
      const page = await this.items<T>(actor, id, { limit: 200, offset: all.length });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      all.push(...page.data.items.map((i) => i.item));
      if (page.data.items.length === 0 || all.length >= page.data.total) return all;
    }
  }

  decide(actor: Actor, id: string) {
    // As the gateway: an approval applies its whole decision (thousands of statements) and may take a while.
    return asActor(actor, () => this.client.requestReply<ApprovalView>(approvalSubjects('fund').decide, { id, decision: 'approve' }, { timeoutMs: 30_000 }));
  }

  /** Proposed by the maker, approved by the checker; fails the test if either is refused. */
  async run(period: string): Promise<ApprovalView> {
    const proposed = await this.propose(maker, period);
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    const approved = await this.decide(checker, proposed.data.id);
    if (!approved.ok) throw new Error(JSON.stringify(approved.error));
    return approved.data;
  }

  statement(actor: Actor, institutionCode: string, period = '2026-04') {
    return asActor(actor, () =>
      this.client.requestReply<InstitutionStatementView>(MonthlySettlementSubjects.statement, { admdvs: CITY, period, institutionCode }),
    );
  }

  /** Approves an annual budget (maker, checker) and the institutions' indicators (fen) within it. */
  async budget(year: number, insutype: string, indicators: Record<string, string>, budget: Record<string, unknown> = {}): Promise<void> {
    const approve = async (proposed: { ok: true; data: { id: string } } | { ok: false; error: unknown }) => {
      if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
      const decided = await this.decide(checker, proposed.data.id);
      if (!decided.ok) throw new Error(JSON.stringify(decided.error));
    };
    const key = { admdvs: CITY, year, insutype };
    await approve(
      await asActor(maker, () =>
        this.client.requestReply<{ id: string }>(BudgetSubjects.proposeBudget, {
          ...key,
          incomeFen: '1000000000000',
          expenditureFen: '900000000000',
          reserveSharePercent: '5',
          reason: '年度预算',
          ...budget,
        }),
      ),
    );
    const list = Object.entries(indicators).map(([institutionCode, indicatorFen]) => ({ institutionCode, indicatorFen }));
    await approve(
      await asActor(maker, () => this.client.requestReply<{ id: string }>(BudgetSubjects.proposeIndicators, { ...key, indicators: list, reason: '谈判' })),
    );
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [{ n }] = await this.orm.em.fork().execute<{ n: string }[]>(`select count(*)::text as n from (${sql}) x`, params);
    return Number(n);
  }
}

/** An inpatient (or, with `mode: '1'`, outpatient) `ClaimSettled` event of the basic fund, as claims-review publishes it. */
export function claimSettledEvent(o: {
  setlId: string;
  inst: string;
  insutype?: string;
  medfee: string;
  hifp: string;
  day: string;
  mode?: string;
  reversal?: boolean;
  initSetlId?: string;
  /** Admission date of the stay (default: the settlement day). */
  admitted?: string;
}) {
  return {
    id: newUuidV7(),
    type: 'ClaimSettled',
    version: 1,
    occurredAt: `${o.day}T02:00:00.000Z`,
    admdvs: o.inst.slice(1, 7),
    aggregateId: o.setlId,
    payload: {
      settlementId: newUuidV7(),
      setlId: o.setlId,
      mdtrtId: `M-${o.setlId}`,
      psnNo: `P-${o.setlId}`,
      institutionCode: o.inst,
      poolarea: CITY,
      insutype: o.insutype ?? '310',
      setlDate: o.day,
      medfeeSumamtFen: o.medfee,
      hifpPayFen: o.hifp,
      acctPayFen: '0',
      psnCashPayFen: '0',
      reversal: o.reversal ?? false,
      ...(o.initSetlId ? { initSetlId: o.initSetlId } : {}),
      ruleSet: o.reversal ? null : '430100#1',
      findings: 0,
      visit: {
        setlTime: `${o.day}T02:00:00.000Z`,
        gend: '1',
        ageYears: 60,
        treatmentMode: o.mode ?? '2',
        medType: o.mode === '1' ? '11' : '21',
        begndate: o.admitted ?? o.day,
        enddate: o.day,
        department: null,
        doctor: null,
      },
    },
  };
}
