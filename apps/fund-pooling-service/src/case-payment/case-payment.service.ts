import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  type ApprovalView,
  CASE_PAYMENT_SCHEME_ACTION,
  CasePaymentEventSubjects,
  type CasePaymentMethod,
  type CasePaymentSchemeItem,
  type CasePaymentSchemeProposal,
  type CasePaymentSchemeQuery,
  type CasePaymentSchemeSetPayload,
  type CasePaymentSchemeView,
  type CaseGroupingReply,
  type CaseGroupingResult,
  type CasesGroupedPayload,
  type ClaimSettledPayload,
  type GroupCasesRequest,
  type GroupedCasePage,
  type GroupedCaseQuery,
  type GroupedCaseView,
  type ProposeCasePaymentSchemeRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, Money, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, canSee, CLOCK, currentActor, newUuidV7, OutboxService, requireRole } from '@mi/platform';
import { openAccounts, payableLines } from '../ledger/accounts';
import { isBasicInsutype } from '../ledger/funds';
import { LedgerService } from '../ledger/ledger.service';
import { poolingRegion } from '../ledger/pooling-region';
import { groupPayment, normal, rateInWords, schemeDigest, schemeRate, specialCaseCap } from './case-payment';

interface SchemeRow {
  id: string;
  admdvs: string;
  year: number;
  method: CasePaymentMethod;
  version: number;
  rate_fen: string | null;
  dip_budget_fen: string | null;
  dip_reserve_fen: string | null;
  dip_expected_points: string | null;
  special_case_permille: number;
  digest: string;
  approval_id: string;
  approved_by: string;
  approved_at: Date;
}

interface CaseRow {
  setl_id: string;
  institution_code: string;
  insutype: string;
  setl_date: string;
  inpatient: boolean | null;
  medfee_sumamt_fen: string;
  hifp_pay_fen: string;
  bed_days: number | null;
  reversed: boolean;
}

interface GroupingRow extends CaseRow {
  method: CasePaymentMethod;
  version: number;
  group_code: string | null;
  group_name: string | null;
  special_case: boolean;
  standard_fen: string;
  case_payment_fen: string;
  adjustment_fen: string;
  grouping_reversed: boolean;
  steps: string[];
  entry_id: string | null;
}

const SCHEME_COLUMNS = `s.id::text as id, s.admdvs, s.year, s.method, s.version, s.rate_fen::text as rate_fen, s.dip_budget_fen::text as dip_budget_fen,
  s.dip_reserve_fen::text as dip_reserve_fen, s.dip_expected_points::text as dip_expected_points, s.special_case_permille, s.digest,
  s.approval_id::text as approval_id, s.approved_by, s.approved_at`;

const GROUPING_SELECT = `select c.setl_id, c.institution_code, c.insutype, c.setl_date::text as setl_date, c.inpatient, c.medfee_sumamt_fen::text as medfee_sumamt_fen,
    c.hifp_pay_fen::text as hifp_pay_fen, c.bed_days, c.reversed, s.method, s.version, g.group_code, pg.name as group_name, g.special_case,
    g.standard_fen::text as standard_fen, g.case_payment_fen::text as case_payment_fen, g.adjustment_fen::text as adjustment_fen,
    g.reversed as grouping_reversed, g.steps, g.entry_id::text as entry_id
  from fund.case_grouping g
  join fund.settled_case c on c.admdvs = g.admdvs and c.setl_id = g.setl_id
  join fund.case_payment_scheme s on s.id = g.scheme_id
  left join fund.case_payment_group pg on pg.scheme_id = g.scheme_id and pg.code = g.group_code`;

const view = (r: GroupingRow): GroupedCaseView => ({
  setlId: r.setl_id,
  institutionCode: r.institution_code,
  insutype: r.insutype,
  setlDate: r.setl_date,
  method: r.method,
  schemeVersion: r.version,
  groupCode: r.group_code,
  groupName: r.group_name,
  specialCase: r.special_case,
  medfeeSumamtFen: r.medfee_sumamt_fen,
  hifpPayFen: r.hifp_pay_fen,
  bedDays: r.bed_days,
  standardFen: r.standard_fen,
  casePaymentFen: r.case_payment_fen,
  adjustmentFen: r.adjustment_fen,
  reversed: r.grouping_reversed,
  steps: r.steps,
  entryId: r.entry_id,
});

/** A refusal of one case, not of the request. */
class CaseRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * 按病种付费 (DRG / DIP) — schemes by maker-checker, the grouper's results per discharge, and the
 * adjustment each grouped case posts to what the basic fund owes its institution (see
 * `case-payment.messages.ts` for the rules and `case-payment.ts` for the arithmetic).
 */
@Injectable()
export class CasePaymentService implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    private readonly approvals: ApprovalService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<CasePaymentSchemeProposal, CasePaymentSchemeSetPayload>(CASE_PAYMENT_SCHEME_ACTION, {
      requiredRoles: ['city-officer'],
      describe: (p) => `病种付费方案 ${p.admdvs} ${p.year} ${p.method} 第 ${p.version} 版：${p.groups} 个病组/病种，${p.institutions} 家机构，${p.rate}`,
      apply: (em, p, approval) => this.applyScheme(em, p, approval),
      hasItems: true,
    });
  }

  /** 病种付费方案 (maker): refused when the rate does not fit the method, a code is listed twice, or an institution is not of the city. */
  async proposeScheme(req: ProposeCasePaymentSchemeRequest): Promise<ApprovalView<CasePaymentSchemeProposal>> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'propose a DRG/DIP payment scheme');
    const city = poolingRegion(req.admdvs, 'DRG/DIP schemes');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    if (req.method !== 'DIP') {
      if (!req.rateFen)
        throw new DomainError(
          'VALIDATION',
          req.method === 'DRG'
            ? 'rateFen: a DRG scheme needs its base rate (基础费率, fen per weight 1.0)'
            : 'rateFen: a bed-day scheme needs its daily rate (床日费率, fen per bed-day at weight 1.0)',
          { field: 'rateFen' },
        );
      for (const f of ['dipBudgetFen', 'dipReserveFen', 'dipExpectedPoints'] as const)
        if (req[f] !== undefined) throw new DomainError('VALIDATION', `${f}: only a DIP scheme has it`, { field: f });
    } else {
      if (req.rateFen !== undefined) throw new DomainError('VALIDATION', 'rateFen: a DIP scheme pays by point value, not a base rate', { field: 'rateFen' });
      if (!req.dipBudgetFen) throw new DomainError('VALIDATION', 'dipBudgetFen: a DIP scheme needs its budget', { field: 'dipBudgetFen' });
      if (!req.dipExpectedPoints)
        throw new DomainError('VALIDATION', 'dipExpectedPoints: a DIP scheme needs the expected total points', { field: 'dipExpectedPoints' });
      if (BigInt(req.dipReserveFen ?? '0') >= BigInt(req.dipBudgetFen))
        throw new DomainError('VALIDATION', 'dipReserveFen: the reserve must be smaller than the budget', { field: 'dipReserveFen' });
    }
    const codes = new Set<string>();
    req.groups.forEach((g, i) => {
      if (codes.has(g.code)) throw new DomainError('VALIDATION', `groups[${i}].code: ${g.code} is listed twice`, { field: `groups[${i}].code` });
      codes.add(g.code);
      if (Number(g.weight) <= 0) throw new DomainError('VALIDATION', `groups[${i}].weight: must be above 0`, { field: `groups[${i}].weight` });
    });
    const institutions = new Set<string>();
    req.institutions.forEach((item, i) => {
      const field = `institutions[${i}].institutionCode`;
      if (institutions.has(item.institutionCode)) throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is listed twice`, { field });
      institutions.add(item.institutionCode);
      const county = Admdvs.parse(item.institutionCode.slice(1, 7), field);
      if (county.poolingRegion().code !== city)
        throw new DomainError('VALIDATION', `${field}: ${item.institutionCode} is not an institution of pooling region ${city}`, { field });
    });
    const em = this.orm.em.fork();
    await this.assertNotInOtherMethod(em, city, req.year, req.method, [...institutions]);
    const [last] = await em.execute<{ v: number }[]>(
      `select coalesce(max(version), 0)::int as v from fund.case_payment_scheme where admdvs = ? and year = ? and method = ?`,
      [city, req.year, req.method],
    );
    const figures = {
      method: req.method,
      rateFen: req.rateFen ?? null,
      dipBudgetFen: req.dipBudgetFen ?? null,
      dipReserveFen: req.method === 'DIP' ? (req.dipReserveFen ?? '0') : null,
      dipExpectedPoints: req.dipExpectedPoints ?? null,
    };
    const rate = rateInWords(schemeRate(figures), figures);
    const specialCasePermille = req.specialCasePermille ?? (req.method === 'DIP' ? 5 : 50);
    const payload: CasePaymentSchemeProposal = {
      admdvs: city,
      year: req.year,
      ...figures,
      version: last.v + 1,
      rate,
      specialCasePermille,
      institutions: req.institutions.length,
      groups: req.groups.length,
      digest: schemeDigest({ rate, specialCasePermille }, req.groups, req.institutions),
      reason: req.reason,
    };
    const items: { key: string; item: CasePaymentSchemeItem }[] = [
      ...req.institutions.map((i) => ({
        key: `institution/${i.institutionCode}`,
        item: { kind: 'institution' as const, institutionCode: i.institutionCode, coefficientPercent: i.coefficientPercent },
      })),
      ...req.groups.map((g) => ({ key: `group/${g.code}`, item: { kind: 'group' as const, code: g.code, name: g.name, weight: g.weight } })),
    ];
    return this.approvals.propose<CasePaymentSchemeProposal>({
      action: CASE_PAYMENT_SCHEME_ACTION,
      targetType: 'case-payment-scheme',
      targetId: `${city}/${req.year}/${req.method}`,
      admdvs: city,
      payload,
      reason: req.reason,
      items,
    });
  }

  /** Runs inside the approval's transaction, as the approver. */
  private async applyScheme(
    em: EntityManager,
    p: CasePaymentSchemeProposal,
    approval: ApprovalView<CasePaymentSchemeProposal>,
  ): Promise<CasePaymentSchemeSetPayload> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`fund.case-payment-scheme/${p.admdvs}/${p.year}`]);
    const items = (await this.approvals.allItems<CasePaymentSchemeItem>(em, approval.id)).map((i) => i.item);
    const groups = items.filter((i): i is Extract<CasePaymentSchemeItem, { kind: 'group' }> => i.kind === 'group');
    const institutions = items.filter((i): i is Extract<CasePaymentSchemeItem, { kind: 'institution' }> => i.kind === 'institution');
    if (schemeDigest(p, groups, institutions) !== p.digest) {
      throw new ConflictError('FUND.SCHEME_CHANGED', 'the scheme’s items do not match its digest: withdraw it and propose again', {
        field: 'items',
        reason: 'digest mismatch',
      });
    }
    await this.assertNotInOtherMethod(
      em,
      p.admdvs,
      p.year,
      p.method,
      institutions.map((i) => i.institutionCode),
    );
    const [last] = await em.execute<{ v: number }[]>(
      `select coalesce(max(version), 0)::int as v from fund.case_payment_scheme where admdvs = ? and year = ? and method = ?`,
      [p.admdvs, p.year, p.method],
    );
    const version = last.v + 1;
    const id = newUuidV7();
    await em.execute(
      `insert into fund.case_payment_scheme (id, admdvs, year, method, version, rate_fen, dip_budget_fen, dip_reserve_fen, dip_expected_points,
         special_case_permille, digest, approval_id, approved_by, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        p.admdvs,
        p.year,
        p.method,
        version,
        p.rateFen,
        p.dipBudgetFen,
        p.dipReserveFen,
        p.dipExpectedPoints,
        p.specialCasePermille,
        p.digest,
        approval.id,
        approval.decidedBy?.id ?? '',
        this.clock.now(),
      ],
    );
    await em.execute(
      `insert into fund.case_payment_group (scheme_id, code, name, weight)
       select ?, x.code, x.name, x.weight::numeric from jsonb_to_recordset(?::jsonb) as x(code text, name text, weight text)`,
      [id, JSON.stringify(groups.map((g) => ({ code: g.code, name: g.name, weight: g.weight })))],
    );
    await em.execute(
      `insert into fund.case_payment_institution (scheme_id, institution_code, coefficient_percent)
       select ?, x.code, x.k::numeric from jsonb_to_recordset(?::jsonb) as x(code text, k text)`,
      [id, JSON.stringify(institutions.map((i) => ({ code: i.institutionCode, k: i.coefficientPercent })))],
    );
    const result: CasePaymentSchemeSetPayload = {
      schemeId: id,
      approvalId: approval.id,
      admdvs: p.admdvs,
      year: p.year,
      method: p.method,
      version,
      institutions: institutions.length,
      groups: groups.length,
      digest: p.digest,
    };
    await this.audit.record(em, {
      action: 'fund.case-payment-scheme.set',
      targetType: 'case-payment-scheme',
      targetId: `${p.admdvs}/${p.year}/${p.method}`,
      admdvs: p.admdvs,
      before: version > 1 ? { version: version - 1 } : null,
      after: { ...result },
      detail: { rate: p.rate, specialCasePermille: p.specialCasePermille, reason: p.reason },
    });
    await this.outbox.add<CasePaymentSchemeSetPayload>(em, {
      subject: CasePaymentEventSubjects.CasePaymentSchemeSet,
      type: 'CasePaymentSchemeSet',
      admdvs: p.admdvs,
      aggregateId: id,
      payload: result,
    });
    return result;
  }

  /** The scheme in force (its latest version) with a page of its groups. */
  async scheme(q: CasePaymentSchemeQuery): Promise<CasePaymentSchemeView> {
    const city = poolingRegion(q.admdvs, 'DRG/DIP schemes');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const em = this.orm.em.fork();
    const [s] = await em.execute<SchemeRow[]>(
      `select ${SCHEME_COLUMNS} from fund.case_payment_scheme s where s.admdvs = ? and s.year = ? and s.method = ? order by s.version desc limit 1`,
      [city, q.year, q.method],
    );
    if (!s) throw new NotFoundError('DRG/DIP scheme', `${city}/${q.year}/${q.method}`);
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const groups = await em.execute<{ code: string; name: string; weight: string }[]>(
      `select code, name, weight::text as weight from fund.case_payment_group where scheme_id = ? order by code limit ? offset ?`,
      [s.id, limit, offset],
    );
    const [{ n }] = await em.execute<{ n: number }[]>(`select count(*)::int as n from fund.case_payment_group where scheme_id = ?`, [s.id]);
    const institutions = await em.execute<{ institution_code: string; coefficient_percent: string }[]>(
      `select institution_code, coefficient_percent::text as coefficient_percent from fund.case_payment_institution where scheme_id = ? order by institution_code`,
      [s.id],
    );
    const figures = {
      method: s.method,
      rateFen: s.rate_fen,
      dipBudgetFen: s.dip_budget_fen,
      dipReserveFen: s.dip_reserve_fen,
      dipExpectedPoints: s.dip_expected_points,
    };
    return {
      id: s.id,
      admdvs: s.admdvs,
      year: s.year,
      ...figures,
      version: s.version,
      rate: rateInWords(schemeRate(figures), figures),
      specialCasePermille: s.special_case_permille,
      institutions: institutions.length,
      groups: n,
      approvalId: s.approval_id,
      approvedBy: s.approved_by,
      approvedAt: new Date(s.approved_at).toISOString(),
      institutionList: institutions.map((i) => ({ institutionCode: i.institution_code, coefficientPercent: normal(i.coefficient_percent) })),
      groupPage: { items: groups.map((g) => ({ ...g, weight: normal(g.weight) })), total: n, limit, offset },
    };
  }

  /**
   * 分组结果 — each case is grouped (or refused, with its reason) on its own; the request's grouped
   * cases, their entries, one audit row and one `CasesGrouped` event commit together.
   */
  async group(req: GroupCasesRequest): Promise<CaseGroupingReply> {
    const actor = currentActor();
    requireRole(actor, ['city-officer'], 'record DRG/DIP grouping results');
    const city = poolingRegion(req.admdvs, 'DRG/DIP groupings');
    if (!canSee(actor, city)) throw new NotFoundError('pooling region', city);
    const seen = new Set<string>();
    req.cases.forEach((c, i) => {
      if (seen.has(c.setlId)) throw new DomainError('VALIDATION', `cases[${i}].setlId: ${c.setlId} is listed twice`, { field: `cases[${i}].setlId` });
      seen.add(c.setlId);
      if (!c.specialCase && !c.groupCode)
        throw new DomainError('VALIDATION', `cases[${i}].groupCode: a case that is not a special case needs its group`, { field: `cases[${i}].groupCode` });
    });
    return this.orm.em.fork().transactional(async (em) => {
      const results: CaseGroupingResult[] = [];
      const posted: CasesGroupedPayload['cases'] = [];
      for (const [i, c] of req.cases.entries()) {
        await em.execute('savepoint case_grouping');
        try {
          const result = await this.groupOne(em, city, c, i, actor.id);
          await em.execute('release savepoint case_grouping');
          results.push(result);
          if (result.status !== 'REPLAY' && result.case) {
            posted.push({
              setlId: c.setlId,
              institutionCode: result.case.institutionCode,
              method: result.case.method,
              groupCode: result.case.groupCode,
              specialCase: result.case.specialCase,
              adjustmentFen: result.case.adjustmentFen,
            });
          }
        } catch (e) {
          await em.execute('rollback to savepoint case_grouping');
          if (!(e instanceof CaseRefused)) throw e;
          results.push({ setlId: c.setlId, status: 'REFUSED', error: { code: e.code, message: e.message, field: e.field } });
        }
      }
      const adjustment = posted.reduce((s, p) => s + BigInt(p.adjustmentFen), 0n);
      if (posted.length > 0) {
        await this.audit.record(em, {
          action: 'fund.case-payment.grouped',
          targetType: 'case-grouping',
          targetId: `${city}/${posted[0].setlId}${posted.length > 1 ? `+${posted.length - 1}` : ''}`,
          admdvs: city,
          before: null,
          after: { cases: posted.length, adjustmentFen: adjustment.toString() },
          detail: { cases: posted.map((p) => `${p.setlId}:${p.groupCode ?? '特例单议'}:${p.adjustmentFen}`) },
        });
        await this.outbox.add<CasesGroupedPayload>(em, {
          subject: CasePaymentEventSubjects.CasesGrouped,
          type: 'CasesGrouped',
          admdvs: city,
          aggregateId: `${city}/${posted[0].setlId}`,
          payload: { admdvs: city, groupedBy: actor.id, cases: posted },
        });
      }
      const count = (s: CaseGroupingResult['status']) => results.filter((r) => r.status === s).length;
      return {
        admdvs: city,
        grouped: count('GROUPED'),
        special: count('SPECIAL_CASE'),
        replays: count('REPLAY'),
        refused: count('REFUSED'),
        adjustmentFen: adjustment.toString(),
        results,
      };
    });
  }

  private async groupOne(
    em: EntityManager,
    city: string,
    c: { setlId: string; groupCode?: string; specialCase?: boolean },
    i: number,
    by: string,
  ): Promise<CaseGroupingResult> {
    const field = `cases[${i}].setlId`;
    const [sc] = await em.execute<CaseRow[]>(
      `select setl_id, institution_code, insutype, setl_date::text as setl_date, inpatient, medfee_sumamt_fen::text as medfee_sumamt_fen,
              hifp_pay_fen::text as hifp_pay_fen, bed_days, reversed
       from fund.settled_case where admdvs = ? and setl_id = ? for update`,
      [city, c.setlId],
    );
    if (!sc) throw new CaseRefused('CASE.UNKNOWN_SETTLEMENT', `${c.setlId}: no settlement of ${city} with this setl_id has reached fund pooling`, field);
    const special = c.specialCase === true;
    const [done] = await em.execute<GroupingRow[]>(`${GROUPING_SELECT} where g.admdvs = ? and g.setl_id = ?`, [city, c.setlId]);
    if (done) {
      if (done.special_case === special && (special || done.group_code === c.groupCode)) return { setlId: c.setlId, status: 'REPLAY', case: view(done) };
      throw new CaseRefused(
        'FUND.CASE_ALREADY_GROUPED',
        `${c.setlId} is already grouped as ${done.group_code ?? '特例单议'}: a case is grouped once (regrouping is not supported)`,
        `cases[${i}].groupCode`,
      );
    }
    if (sc.reversed) throw new CaseRefused('CASE.REVERSED', `${c.setlId} was reversed (撤销结算): a reversed settlement is not paid`, field);
    if (sc.inpatient === false)
      throw new CaseRefused('CASE.NOT_INPATIENT', `${c.setlId} is not an inpatient discharge: DRG/DIP pay inpatient cases only`, field);
    const year = Number(sc.setl_date.slice(0, 4));
    const [s] = await em.execute<(SchemeRow & { coefficient_percent: string })[]>(
      `select ${SCHEME_COLUMNS}, i.coefficient_percent::text as coefficient_percent
       from fund.case_payment_scheme s join fund.case_payment_institution i on i.scheme_id = s.id and i.institution_code = ?
       where s.admdvs = ? and s.year = ?
         and s.version = (select max(v.version) from fund.case_payment_scheme v where v.admdvs = s.admdvs and v.year = s.year and v.method = s.method)`,
      [sc.institution_code, city, year],
    );
    if (!s)
      throw new CaseRefused('CASE.NO_SCHEME', `${sc.institution_code} is not paid by DRG, DIP or bed-day in ${year} (no approved scheme lists it)`, field);
    if (s.method === 'BED_DAY' && !special && sc.bed_days === null)
      throw new CaseRefused(
        'CASE.NO_BED_DAYS',
        `${c.setlId}: the settlement did not carry its admission and discharge dates, so its bed-days are unknown`,
        field,
      );
    if (s.method === 'DIP') {
      const [settled] = await em.execute<{ id: string }[]>(`select id::text as id from fund.dip_settlement where admdvs = ? and year = ?`, [city, year]);
      if (settled)
        throw new CaseRefused(
          'CASE.YEAR_SETTLED',
          `${city}'s DIP year ${year} is already settled at its settlement point value: its cases can no longer be grouped`,
          field,
        );
    }
    const figures = { medfeeSumamtFen: BigInt(sc.medfee_sumamt_fen), hifpPayFen: BigInt(sc.hifp_pay_fen), bedDays: sc.bed_days };
    let groupCode: string | null = null;
    let payment: { standardFen: bigint; casePaymentFen: bigint; adjustmentFen: bigint; steps: string[] };
    if (special) {
      const [{ grouped, specials }] = await em.execute<{ grouped: number; specials: number }[]>(
        `select count(*)::int as grouped, (count(*) filter (where special_case))::int as specials
         from fund.case_grouping where institution_code = ? and year = ? and not reversed`,
        [sc.institution_code, year],
      );
      const cap = specialCaseCap(s.special_case_permille, grouped + 1);
      if (specials + 1 > cap) {
        throw new CaseRefused(
          'CASE.SPECIAL_CASE_CAP',
          `${sc.institution_code} would have ${specials + 1} special cases of ${grouped + 1} grouped in ${year}: the scheme allows ${s.special_case_permille}‰ (${cap})`,
          `cases[${i}].specialCase`,
        );
      }
      payment = {
        standardFen: 0n,
        casePaymentFen: figures.hifpPayFen,
        adjustmentFen: 0n,
        steps: [`特例单议：按项目付费，统筹基金支付 ${Money.fromFen(figures.hifpPayFen).format()}，列入人工审核（本年第 ${specials + 1} 例，上限 ${cap} 例）`],
      };
    } else {
      const [g] = await em.execute<{ code: string; weight: string }[]>(
        `select code, weight::text as weight from fund.case_payment_group where scheme_id = ? and code = ?`,
        [s.id, c.groupCode],
      );
      if (!g)
        throw new CaseRefused(
          'CASE.UNKNOWN_GROUP',
          `${c.groupCode} is not a group of ${city}'s ${year} ${s.method} scheme (version ${s.version})`,
          `cases[${i}].groupCode`,
        );
      groupCode = g.code;
      const figuresOfScheme = {
        method: s.method,
        rateFen: s.rate_fen,
        dipBudgetFen: s.dip_budget_fen,
        dipReserveFen: s.dip_reserve_fen,
        dipExpectedPoints: s.dip_expected_points,
      };
      const rate = schemeRate(figuresOfScheme);
      payment = groupPayment(
        figures,
        rate,
        normal(g.weight),
        normal(s.coefficient_percent),
        rate.method === 'DRG'
          ? `基础费率 ${Money.fromFen(rate.rateFen).format()}`
          : rate.method === 'BED_DAY'
            ? `床日费率 ${Money.fromFen(rate.rateFen).format()}`
            : rateInWords(rate, figuresOfScheme),
      );
    }
    let entryId: string | null = null;
    if (payment.adjustmentFen !== 0n) entryId = await this.post(em, city, sc, c.setlId, payment.adjustmentFen, 'forward', groupCode ?? '');
    await em.execute(
      `insert into fund.case_grouping (admdvs, setl_id, scheme_id, institution_code, year, group_code, special_case, standard_fen, case_payment_fen, adjustment_fen,
         steps, entry_id, grouped_by, grouped_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
      [
        city,
        c.setlId,
        s.id,
        sc.institution_code,
        year,
        groupCode,
        special,
        payment.standardFen.toString(),
        payment.casePaymentFen.toString(),
        payment.adjustmentFen.toString(),
        JSON.stringify(payment.steps),
        entryId,
        by,
        this.clock.now(),
      ],
    );
    const [row] = await em.execute<GroupingRow[]>(`${GROUPING_SELECT} where g.admdvs = ? and g.setl_id = ?`, [city, c.setlId]);
    return { setlId: c.setlId, status: special ? 'SPECIAL_CASE' : 'GROUPED', case: view(row) };
  }

  /**
   * The adjustment's entry on the institution's payable of the case's insurance type (cause
   * `case-payment`), in the settlement's month — or, when that period is closed, the current one.
   */
  private async post(
    em: EntityManager,
    city: string,
    sc: CaseRow,
    setlId: string,
    fen: bigint,
    way: 'forward' | 'reversal',
    groupCode: string,
  ): Promise<string> {
    const { expense, payable } = await openAccounts(this.ledger, em, { poolarea: city, insutype: sc.insutype, institutionCode: sc.institution_code });
    let period = sc.setl_date.slice(0, 7);
    const [closed] = await em.execute<{ status: string }[]>(`select status from fund.period where admdvs = ? and period = ? and status = 'CLOSED'`, [
      city,
      period,
    ]);
    if (closed) period = LocalDate.fromInstant(this.clock.now(), 'now').toString().slice(0, 7);
    const amount = Money.fromFen(fen < 0n ? -fen : fen);
    const toInstitution = fen > 0n === (way === 'forward');
    const { entryId } = await this.ledger.post(em, {
      admdvs: city,
      period,
      cause: { type: 'case-payment', id: way === 'forward' ? `${city}/${setlId}` : `${city}/${setlId}/reversal` },
      memo: `${way === 'forward' ? '按病种付费' : '撤销结算冲回按病种付费'} ${setlId}（${sc.institution_code}${groupCode ? ` ${groupCode}` : ''}）${toInstitution ? '补付' : '扣回'} ${amount.format()}`,
      lines: payableLines(expense, payable, amount, toInstitution),
    });
    return entryId;
  }

  /** Grouped cases of a month (settlement date), with their working. */
  async cases(q: GroupedCaseQuery): Promise<GroupedCasePage> {
    const city = poolingRegion(q.admdvs, 'DRG/DIP groupings');
    if (!canSee(currentActor(), city)) throw new NotFoundError('pooling region', city);
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const where = `where g.admdvs = ? and to_char(c.setl_date, 'YYYY-MM') = ? ${q.institutionCode ? 'and g.institution_code = ?' : ''} ${q.specialOnly ? 'and g.special_case' : ''}`;
    const params = [city, q.period, ...(q.institutionCode ? [q.institutionCode] : [])];
    const em = this.orm.em.fork();
    const rows = await em.execute<GroupingRow[]>(`${GROUPING_SELECT} ${where} order by c.setl_date, g.setl_id limit ? offset ?`, [...params, limit, offset]);
    const [{ n, fen }] = await em.execute<{ n: number; fen: string }[]>(
      `select count(*)::int as n, coalesce(sum(g.adjustment_fen) filter (where not g.reversed), 0)::text as fen
       from fund.case_grouping g join fund.settled_case c on c.admdvs = g.admdvs and c.setl_id = g.setl_id ${where}`,
      params,
    );
    return { admdvs: city, period: q.period, items: rows.map(view), total: n, limit, offset, totalAdjustmentFen: fen };
  }

  /**
   * Called for every ClaimSettled event fund pooling posts, in its transaction: a basic fund's
   * settlement is remembered as a case (what a group payment is computed from); a reversal marks
   * its original reversed and, when that was grouped with an adjustment, posts the opposite entry.
   */
  async onClaimSettled(em: EntityManager, eventId: string, p: ClaimSettledPayload): Promise<void> {
    if (!isBasicInsutype(p.insutype)) return;
    if (!p.reversal) {
      await em.execute(
        `insert into fund.settled_case (admdvs, setl_id, institution_code, insutype, setl_date, inpatient, medfee_sumamt_fen, hifp_pay_fen, bed_days, event_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
        [
          p.poolarea,
          p.setlId,
          p.institutionCode,
          p.insutype,
          p.setlDate,
          p.visit ? p.visit.treatmentMode === '2' : null,
          p.medfeeSumamtFen,
          p.hifpPayFen,
          bedDays(p.visit),
          eventId,
        ],
      );
      return;
    }
    if (!p.initSetlId) return;
    const [sc] = await em.execute<CaseRow[]>(
      `update fund.settled_case set reversed = true where admdvs = ? and setl_id = ? and not reversed
       returning setl_id, institution_code, insutype, setl_date::text as setl_date, inpatient, medfee_sumamt_fen::text as medfee_sumamt_fen, hifp_pay_fen::text as hifp_pay_fen, bed_days, reversed`,
      [p.poolarea, p.initSetlId],
    );
    if (!sc) return;
    const [g] = await em.execute<{ adjustment_fen: string; group_code: string | null }[]>(
      `update fund.case_grouping set reversed = true where admdvs = ? and setl_id = ? and not reversed returning adjustment_fen::text as adjustment_fen, group_code`,
      [p.poolarea, p.initSetlId],
    );
    if (g && BigInt(g.adjustment_fen) !== 0n) await this.post(em, p.poolarea, sc, p.initSetlId, BigInt(g.adjustment_fen), 'reversal', g.group_code ?? '');
  }

  /** An institution is paid by one method in a year. */
  private async assertNotInOtherMethod(em: EntityManager, city: string, year: number, method: CasePaymentMethod, institutions: string[]): Promise<void> {
    const [clash] = await em.execute<{ institution_code: string; method: string }[]>(
      `select i.institution_code, s.method from fund.case_payment_scheme s join fund.case_payment_institution i on i.scheme_id = s.id
       where s.admdvs = ? and s.year = ? and s.method <> ? and i.institution_code = any(?::text[])
         and s.version = (select max(v.version) from fund.case_payment_scheme v where v.admdvs = s.admdvs and v.year = s.year and v.method = s.method)
       order by i.institution_code limit 1`,
      [city, year, method, `{${institutions.join(',')}}`],
    );
    if (clash) {
      throw new DomainError(
        'VALIDATION',
        `institutions: ${clash.institution_code} is already paid by ${clash.method} in ${year}: an institution is paid by one method a year`,
        {
          field: 'institutions',
          reason: 'paid by the other method',
        },
      );
    }
  }
}

/**
 * 住院床日 of an inpatient stay: discharge date − admission date, at least 1 (a same-day stay is one
 * bed-day); null for other visits and when the settlement did not carry both dates.
 */
export function bedDays(visit: ClaimSettledPayload['visit']): number | null {
  if (!visit || visit.treatmentMode !== '2' || !visit.enddate) return null;
  const begin = Date.parse(`${visit.begndate.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${visit.enddate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(begin) || Number.isNaN(end) || end < begin) return null;
  return Math.max(1, Math.round((end - begin) / 86_400_000));
}
