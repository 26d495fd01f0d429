import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AgreementSubjects,
  type ClaimSettledPayload,
  type IntakeFindingView,
  type IntakeReason,
  type IntakeResult,
  ReviewEventSubjects,
  type SettlementEligibilityReply,
  type SettlementIntakeReply,
} from '@mi/contracts';
import { type Clock, DomainError, LocalDate } from '@mi/domain';
import { AuditService, CLOCK, currentActor, MiNatsClient, type NewEvent, newUuidV7, OutboxService, pgArray, PiiCipher, SERVICE_CONFIG } from '@mi/platform';
import { ageInYears, evaluate, type Finding } from '@mi/rules';
import { RuleSetCache, type ReadyRuleSet } from '../precheck/rule-set-cache';
import { assertProductionPiiKeys, type ClaimsReviewConfig } from '../config';
import { fundPartsOf } from './fund-parts';
import { type ParsedSettlement, parseSettlement } from './settlement.mapper';
import { historyBefore, loadHistories } from './patient-history';
import { InstitutionDirectory } from '../shared/institution-directory';
import { CaseService } from '../case/case.service';

const CHUNK = 500;
const ELIGIBILITY_CONCURRENCY = 16;

interface Candidate {
  index: number;
  s: ParsedSettlement;
  id: string;
}

function reasonOf(e: unknown): IntakeReason {
  if (e instanceof DomainError) {
    const field = typeof e.details.field === 'string' ? e.details.field : undefined;
    return { code: e.code, ...(field ? { field } : {}), message: e.message };
  }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

function yuan(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

function findingView(f: { rule_id: string; rule_version: number; severity: string; amount_fen: string | bigint; vola_cont: string }): IntakeFindingView {
  return { rule_id: f.rule_id, rule_version: Number(f.rule_version), severity: f.severity, vola_amt: yuan(BigInt(f.amount_fen)), vola_cont: f.vola_cont };
}

async function insertChunked(em: EntityManager, head: string, width: number, rows: unknown[][], tail = ''): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const res = await em.execute<Record<string, unknown>[]>(`${head} values ${chunk.map(() => tuple).join(', ')}${tail}`, chunk.flat());
    if (Array.isArray(res)) out.push(...res);
  }
  return out;
}

/**
 * 结算数据归集 + 100 % 智能初审. A HIS sends a batch of settlements; each record is checked on its
 * own (fields, sums, ID card, the institution's eligibility at settlement time), stored once per
 * (fixmedins_code, setl_id) with its fee lines, and reviewed with the rule set in force on its
 * settlement date and the person's stored settlements of the last 180 days. Valid records are
 * stored with their findings and one `evt.review.ClaimSettled` each in one transaction, with one
 * audit row for the batch; invalid ones are answered with their reasons and leave nothing behind.
 */
@Injectable()
export class IntakeService {
  private readonly cipher: PiiCipher;

  constructor(
    private readonly orm: MikroORM,
    private readonly rules: RuleSetCache,
    private readonly nats: MiNatsClient,
    private readonly directory: InstitutionDirectory,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly cases: CaseService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ClaimsReviewConfig,
  ) {
    assertProductionPiiKeys(config);
    this.cipher = PiiCipher.fromConfig(config.PII_KEYS, config.PII_ACTIVE_KEY, config.PII_HASH_KEY);
  }

  async intake(records: unknown[]): Promise<SettlementIntakeReply> {
    const actor = currentActor();
    if (actor?.kind !== 'his')
      throw new DomainError('FORBIDDEN.ROLE', 'only a designated institution’s HIS uploads settlements', { reason: 'not a HIS caller' });
    const institution = await this.directory.get(actor.institutionCode);
    const results: IntakeResult[] = records.map((r) => {
      const id = typeof r === 'object' && r !== null ? (r as Record<string, unknown>).setl_id : undefined;
      return { setl_id: typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '', status: 'REFUSED' };
    });
    const refuse = (i: number, reason: IntakeReason): void => {
      results[i] = { setl_id: results[i].setl_id, status: 'REFUSED', reasons: [reason] };
    };

    // 1. Each record on its own.
    const parsed: Candidate[] = [];
    records.forEach((r, i) => {
      try {
        if (typeof r !== 'object' || r === null || Array.isArray(r))
          throw new DomainError('VALIDATION', `settlements[${i}]: 必须是对象 (must be an object)`, { field: `settlements[${i}]` });
        parsed.push({ index: i, s: parseSettlement(r as Record<string, unknown>, `settlements[${i}]`, institution), id: newUuidV7() });
      } catch (e) {
        refuse(i, reasonOf(e));
      }
    });

    // 2. The same setl_id twice in one batch: identical → answered like a retry; different → refused.
    const firstInBatch = new Map<string, Candidate>();
    const batchRepeats: Candidate[] = [];
    let candidates = parsed.filter((c) => {
      const first = firstInBatch.get(c.s.setlId);
      if (!first) {
        firstInBatch.set(c.s.setlId, c);
        return true;
      }
      batchRepeats.push(c);
      return false;
    });

    // 3. Eligibility of the institution (and terminal) at settlement time.
    candidates = await this.checkEligibility(candidates, institution.code, refuse);

    // 4. Rule sets in force on each settlement date (the versions pre-check used that day).
    const ruleSets = new Map<string, ReadyRuleSet>();
    const ruleFailures = new Map<string, IntakeReason>();
    await Promise.all(
      [...new Set(candidates.filter((c) => !c.s.reversal).map((c) => `${c.s.poolarea}|${c.s.setlDate}`))].map(async (k) => {
        const [poolarea, day] = k.split('|');
        try {
          ruleSets.set(k, await this.rules.get(poolarea, day));
        } catch (e) {
          ruleFailures.set(k, { ...reasonOf(e), message: `没有可用的审核规则集 (no rule set for ${poolarea} on ${day}): ${reasonOf(e).message}` });
        }
      }),
    );
    candidates = candidates.filter((c) => {
      const failure = !c.s.reversal && ruleFailures.get(`${c.s.poolarea}|${c.s.setlDate}`);
      if (failure) refuse(c.index, failure);
      return !failure;
    });

    const now = this.clock.now();
    await this.orm.em.fork().transactional(async (em) => {
      // 5. Idempotency against what is stored.
      const stored = await this.storedByKey(
        em,
        institution.code,
        candidates.map((c) => c.s.setlId),
      );
      const fresh: Candidate[] = [];
      for (const c of candidates) {
        const prior = stored.get(c.s.setlId);
        if (!prior) fresh.push(c);
        else if (prior.content_hash === c.s.contentHash) results[c.index] = { setl_id: c.s.setlId, status: 'DUPLICATE' };
        else refuse(c.index, this.duplicateReason(c));
      }

      // 6. Reversals must name a settlement of this institution that is not yet reversed.
      const originals = await this.storedByKey(
        em,
        institution.code,
        fresh.filter((c) => c.s.reversal).map((c) => c.s.initSetlId as string),
      );
      const freshIds = new Map(fresh.filter((c) => !c.s.reversal).map((c) => [c.s.setlId, c]));
      const reversedNow = new Set<string>();
      const accepted = fresh.filter((c) => {
        if (!c.s.reversal) return true;
        const target = c.s.initSetlId as string;
        const orig = originals.get(target);
        const path = `settlements[${c.index}].init_setl_id`;
        if ((!orig && !freshIds.has(target)) || orig?.refd_setl_flag === '1') {
          refuse(c.index, {
            code: 'REVIEW.ORIGINAL_NOT_FOUND',
            field: path,
            message: `${path}: 原结算 ${target} 不存在 (no such settlement of this institution)`,
          });
          return false;
        }
        if (orig?.reversed_by || reversedNow.has(target)) {
          refuse(c.index, {
            code: 'REVIEW.ALREADY_REVERSED',
            field: path,
            message: `${path}: 原结算 ${target} 已冲正 (already reversed by ${orig?.reversed_by ?? 'this batch'})`,
          });
          return false;
        }
        reversedNow.add(target);
        return true;
      });

      // 7. Store (a concurrent batch may have stored the same key meanwhile: on conflict → answered as stored).
      const inserted = await this.insertSettlements(em, accepted, now);
      const raced = accepted.filter((c) => !inserted.has(c.s.setlId));
      if (raced.length > 0) {
        const now2 = await this.storedByKey(
          em,
          institution.code,
          raced.map((c) => c.s.setlId),
        );
        for (const c of raced)
          results[c.index] =
            now2.get(c.s.setlId)?.content_hash === c.s.contentHash
              ? { setl_id: c.s.setlId, status: 'DUPLICATE' }
              : { setl_id: c.s.setlId, status: 'REFUSED', reasons: [this.duplicateReason(c)] };
      }
      const stored2 = accepted.filter((c) => inserted.has(c.s.setlId));
      await this.insertLines(em, stored2);
      const reversals = stored2.filter((c) => c.s.reversal);
      const reversedIds: string[] = [];
      for (const c of reversals) {
        const rows = await em.execute<{ id: string }[]>(
          `update review.settlement set reversed_by = ?, reversed_at = ? where fixmedins_code = ? and setl_id = ? returning id::text as id`,
          [c.s.setlId, now, institution.code, c.s.initSetlId],
        );
        reversedIds.push(...rows.map((r) => r.id));
        results[c.index] = { setl_id: c.s.setlId, status: 'ACCEPTED', findings: [] };
      }
      await this.cases.closeForReversal(em, reversedIds, now);

      // 8. Review every stored settlement.
      const toReview = stored2.filter((c) => !c.s.reversal);
      const findings = await this.review(em, toReview, ruleSets, now);
      // Every flagged settlement opens a case at 初审, in this transaction.
      await this.cases.open(
        em,
        toReview
          .filter((c) => (findings.get(c.id)?.length ?? 0) > 0)
          .map((c) => ({
            settlementId: c.id,
            setlId: c.s.setlId,
            institutionCode: c.s.fixmedinsCode,
            admdvs: c.s.admdvs,
            poolarea: c.s.poolarea,
            amountFen: (findings.get(c.id) ?? []).reduce((n, f) => n + f.amount_fen, 0n),
          })),
        'FINDING',
        now,
      );
      for (const c of toReview) {
        const ruleSet = ruleSets.get(`${c.s.poolarea}|${c.s.setlDate}`) as ReadyRuleSet;
        results[c.index] = { setl_id: c.s.setlId, status: 'ACCEPTED', findings: (findings.get(c.id) ?? []).map((f) => findingView(f)), rule_set: ruleSet.key };
      }

      // 9. Events (one statement for the batch) and the batch's audit row.
      const events = stored2.map((c): NewEvent<ClaimSettledPayload> => {
        const ruleSet = c.s.reversal ? null : (ruleSets.get(`${c.s.poolarea}|${c.s.setlDate}`)?.key ?? null);
        const fundPartsFen = fundPartsOf(c.s.amountsFen);
        return {
          subject: ReviewEventSubjects.ClaimSettled,
          type: 'ClaimSettled',
          admdvs: c.s.admdvs,
          aggregateId: c.id,
          payload: {
            settlementId: c.id,
            setlId: c.s.setlId,
            mdtrtId: c.s.mdtrtId,
            psnNo: c.s.psnNo,
            institutionCode: c.s.fixmedinsCode,
            poolarea: c.s.poolarea,
            insutype: c.s.insutype,
            setlDate: c.s.setlDate,
            medfeeSumamtFen: c.s.medfeeSumamtFen.toString(),
            hifpPayFen: c.s.hifpPayFen.toString(),
            acctPayFen: c.s.acctPayFen.toString(),
            psnCashPayFen: c.s.psnCashPayFen.toString(),
            // 一站式结算: what 大病保险, 医疗救助 … owe the institution besides the basic fund.
            ...(fundPartsFen ? { fundPartsFen } : {}),
            reversal: c.s.reversal,
            ...(c.s.initSetlId ? { initSetlId: c.s.initSetlId } : {}),
            ruleSet,
            findings: findings.get(c.id)?.length ?? 0,
            visit: {
              setlTime: c.s.setlTime.toISOString(),
              gend: c.s.gender,
              ageYears: ageInYears(LocalDate.parse(c.s.birthDate), LocalDate.parse(c.s.setlDate)),
              treatmentMode: c.s.treatmentMode,
              medType: c.s.medType,
              begndate: c.s.begndate,
              enddate: c.s.enddate ?? null,
              department: c.s.department ?? null,
              doctor: c.s.doctor ?? null,
            },
          },
        };
      });
      await this.outbox.addAll(em, events);
      // Repeats inside the batch answer like their first occurrence.
      for (const c of batchRepeats) {
        const first = firstInBatch.get(c.s.setlId) as Candidate;
        if (first.s.contentHash !== c.s.contentHash) refuse(c.index, this.duplicateReason(c));
        else if (results[first.index].status === 'REFUSED') results[c.index] = { ...results[first.index], setl_id: c.s.setlId };
        else results[c.index] = { setl_id: c.s.setlId, status: 'DUPLICATE' };
      }
      await this.answerDuplicates(em, institution.code, results);
      const count = (s: string): number => results.filter((r) => r.status === s).length;
      await this.audit.record(em, {
        action: 'review.intake',
        targetType: 'institution',
        targetId: institution.code,
        admdvs: actor.scope,
        detail: {
          records: records.length,
          accepted: count('ACCEPTED'),
          duplicate: count('DUPLICATE'),
          refused: count('REFUSED'),
          findings: [...findings.values()].reduce((n, f) => n + f.length, 0),
        },
      });
    });
    return { results };
  }

  private duplicateReason(c: Candidate): IntakeReason {
    const path = `settlements[${c.index}].setl_id`;
    return {
      code: 'REVIEW.DUPLICATE_SETTLEMENT',
      field: path,
      message: `${path}: 结算 ${c.s.setlId} 已上传且内容不同 (settlement ${c.s.setlId} was already received with different content)`,
    };
  }

  /** A retry answers what the first upload answered: the stored findings and rule set. */
  private async answerDuplicates(em: EntityManager, code: string, results: IntakeResult[]): Promise<void> {
    const dups = results.filter((r) => r.status === 'DUPLICATE');
    if (dups.length === 0) return;
    const ids = [...new Set(dups.map((r) => r.setl_id))];
    const rows = await em.execute<
      { setl_id: string; rule_set: string | null; rule_id: string | null; rule_version: number; severity: string; amount_fen: string; vola_cont: string }[]
    >(
      `select s.setl_id, s.rule_set, f.rule_id, f.rule_version, f.severity, f.amount_fen::text as amount_fen, f.vola_cont
         from review.settlement s left join review.finding f on f.settlement_id = s.id
        where s.fixmedins_code = ? and s.setl_id in (?) order by s.setl_id, f.id`,
      [code, ids],
    );
    const by = new Map<string, { ruleSet: string | null; findings: IntakeFindingView[] }>();
    for (const r of rows) {
      const e = by.get(r.setl_id) ?? { ruleSet: r.rule_set, findings: [] };
      if (r.rule_id) e.findings.push(findingView(r as { rule_id: string; rule_version: number; severity: string; amount_fen: string; vola_cont: string }));
      by.set(r.setl_id, e);
    }
    for (const d of dups) {
      const e = by.get(d.setl_id);
      if (!e) continue;
      d.findings = e.findings;
      if (e.ruleSet) d.rule_set = e.ruleSet;
    }
  }

  private async storedByKey(
    em: EntityManager,
    code: string,
    setlIds: string[],
  ): Promise<Map<string, { id: string; content_hash: string; reversed_by: string | null; refd_setl_flag: string }>> {
    if (setlIds.length === 0) return new Map();
    const rows = await em.execute<{ id: string; setl_id: string; content_hash: string; reversed_by: string | null; refd_setl_flag: string }[]>(
      `select id, setl_id, content_hash, reversed_by, refd_setl_flag from review.settlement where fixmedins_code = ? and setl_id in (?)`,
      [code, [...new Set(setlIds)]],
    );
    return new Map(rows.map((r) => [r.setl_id, r]));
  }

  private async checkEligibility(candidates: Candidate[], code: string, refuse: (i: number, r: IntakeReason) => void): Promise<Candidate[]> {
    const key = (c: Candidate): string => `${c.s.setlTime.toISOString()}|${c.s.psamNo ?? ''}`;
    // One question per distinct (instant, terminal), at most ELIGIBILITY_CONCURRENCY in flight.
    const questions = new Map<string, Record<string, string>>();
    for (const c of candidates) {
      const k = key(c);
      if (!questions.has(k))
        questions.set(k, {
          institutionCode: code,
          at: c.s.setlTime.toISOString(),
          ...(c.s.psamNo && /^[0-9A-F]{12,20}$/.test(c.s.psamNo) ? { psamNo: c.s.psamNo } : {}),
        });
    }
    const resolved = new Map<string, SettlementEligibilityReply>();
    const queue = [...questions];
    await Promise.all(
      Array.from({ length: Math.min(ELIGIBILITY_CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          resolved.set(next[0], await this.nats.request<SettlementEligibilityReply>(AgreementSubjects.settlementEligibility, next[1]));
        }
      }),
    );
    return candidates.filter((c) => {
      if (c.s.psamNo && !/^[0-9A-F]{12,20}$/.test(c.s.psamNo)) {
        const path = `settlements[${c.index}].psam_no`;
        refuse(c.index, { code: 'VALIDATION', field: path, message: `${path}: PSAM 卡号应为 12–20 位大写十六进制 (malformed)` });
        return false;
      }
      const a = resolved.get(key(c)) as SettlementEligibilityReply;
      // Practitioner registration is not a reason to refuse a settlement at intake.
      const reasons = a.eligible ? [] : a.reasons.filter((r) => !r.startsWith('PRACTITIONER_'));
      if (reasons.length === 0) return true;
      const path = `settlements[${c.index}].${reasons.includes('TERMINAL_NOT_BOUND') ? 'psam_no' : 'setl_time'}`;
      refuse(c.index, {
        code: `AGREEMENT.${reasons[0]}`,
        field: path,
        message: `${path}: 机构 ${code} 在结算时间不具备结算资格 (not eligible to settle at ${c.s.setlTime.toISOString()}): ${reasons.join(', ')}`,
      });
      return false;
    });
  }

  private async insertSettlements(em: EntityManager, cs: Candidate[], now: Date): Promise<Set<string>> {
    if (cs.length === 0) return new Set();
    const rows = cs.map((c) => {
      const s = c.s;
      return [
        c.id,
        s.setlId,
        s.fixmedinsCode,
        s.mdtrtId,
        s.psnNo,
        this.cipher.encrypt(s.certno),
        this.cipher.lookupHash(s.certno),
        s.gender,
        s.birthDate,
        s.insutype,
        s.medType,
        s.treatmentMode,
        s.setlTime,
        s.setlDate,
        s.begndate,
        s.enddate ?? null,
        s.mainDiagnosis ?? null,
        JSON.stringify(s.diagnoses),
        s.medfeeSumamtFen.toString(),
        s.hifpPayFen.toString(),
        s.acctPayFen.toString(),
        s.psnCashPayFen.toString(),
        JSON.stringify(Object.fromEntries(Object.entries(s.amountsFen).map(([k, v]) => [k, v.toString()]))),
        s.poolarea,
        s.admdvs,
        s.contentHash,
        s.reversal ? 'REVERSAL' : 'RECEIVED',
        s.reversal ? '1' : '0',
        s.initSetlId ?? null,
        now,
        s.department ?? null,
        s.doctor ?? null,
        s.mdtrtCertType ?? null,
        s.realNameVerification ?? null,
        JSON.stringify(s.operations ?? []),
      ];
    });
    const out = await insertChunked(
      em,
      `insert into review.settlement (id, setl_id, fixmedins_code, mdtrt_id, psn_no, certno_enc, certno_hash, gend, brdy, insutype, med_type, treatment_mode, setl_time, setl_date, begndate, enddate, main_diagnosis, diagnoses, medfee_sumamt_fen, hifp_pay_fen, acct_pay_fen, psn_cash_pay_fen, amounts_fen, poolarea, admdvs, content_hash, review_status, refd_setl_flag, init_setl_id, received_at, adm_dept_codg, atddr_no, mdtrt_cert_type, real_name_vrf_way, operations)`,
      35,
      rows,
      ' on conflict (fixmedins_code, setl_id) do nothing returning setl_id',
    );
    return new Set(out.map((r) => String(r.setl_id)));
  }

  /**
   * All fee lines of the batch in one statement: each column travels as one PostgreSQL array
   * literal and `unnest` turns them back into rows — instead of a multi-row VALUES list whose
   * 14 parameters per line the driver formats one by one (the largest CPU cost of intake in B4).
   */
  private async insertLines(em: EntityManager, cs: Candidate[]): Promise<void> {
    const lines = cs.flatMap((c) => c.s.lines.map((l) => ({ id: c.id, l })));
    if (lines.length === 0) return;
    const col = (f: (x: (typeof lines)[number]) => string | null): string => pgArray(lines.map(f));
    await em.execute(
      `insert into review.settlement_line (settlement_id, feedetl_sn, hilist_code, hilist_name, list_type, chrg_type, cnt, pric_fen, amount_fen, fee_ocur_time, service_date, dept_codg, dr_codg, prd_days)
       select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::bigint[], ?::bigint[], ?::text[], ?::date[], ?::text[], ?::text[], ?::int[])`,
      [
        col((x) => x.id),
        col((x) => x.l.feedetlSn),
        col((x) => x.l.hilistCode),
        col((x) => x.l.hilistName),
        col((x) => x.l.listType),
        col((x) => x.l.chargeType ?? null),
        col((x) => x.l.cnt),
        col((x) => x.l.priceFen.toString()),
        col((x) => x.l.amountFen.toString()),
        col((x) => x.l.feeOcurTime),
        col((x) => x.l.serviceDate),
        col((x) => x.l.department ?? null),
        col((x) => x.l.doctor ?? null),
        col((x) => (x.l.days === undefined || x.l.days === null ? null : String(x.l.days))),
      ],
    );
  }

  /**
   * Evaluates each settlement with its date's rule set and the person's stored settlements of the
   * last {@link HISTORY_DAYS} days (one query for the whole batch), stores the findings and marks
   * the settlements REVIEWED.
   */
  private async review(
    em: EntityManager,
    cs: Candidate[],
    ruleSets: Map<string, ReadyRuleSet>,
    now: Date,
  ): Promise<Map<string, { rule_id: string; rule_version: number; severity: string; amount_fen: bigint; vola_cont: string }[]>> {
    const out = new Map<string, { rule_id: string; rule_version: number; severity: string; amount_fen: bigint; vola_cont: string }[]>();
    if (cs.length === 0) return out;
    const byPerson = await loadHistories(
      em,
      cs.map((c) => c.s.psnNo),
      cs.map((c) => c.s.setlDate),
    );

    const findingRows: unknown[][] = [];
    const shadowRows: unknown[][] = [];
    const statusRows: unknown[][] = [];
    for (const c of cs) {
      const ruleSet = ruleSets.get(`${c.s.poolarea}|${c.s.setlDate}`) as ReadyRuleSet;
      const patientHistory = historyBefore(byPerson.get(c.s.psnNo), c.s.setlId, c.s.setlDate, c.s.setlTime);
      const all: Finding[] = evaluate(ruleSet.compiled, c.s.claim as NonNullable<ParsedSettlement['claim']>, patientHistory);
      // Shadow rules (影子规则) are recorded apart and never count: no case, no event, not answered.
      const found = ruleSet.shadow.size === 0 ? all : all.filter((f) => !ruleSet.shadow.has(f.ruleId));
      const views = found.map((f) => ({
        rule_id: f.ruleId,
        rule_version: f.ruleVersion,
        severity: f.severity,
        amount_fen: f.amount.fenBigInt,
        vola_cont: f.volaCont,
      }));
      out.set(c.id, views);
      for (const f of all)
        (ruleSet.shadow.has(f.ruleId) ? shadowRows : findingRows).push([
          newUuidV7(),
          c.id,
          c.s.setlId,
          c.s.fixmedinsCode,
          f.ruleId,
          f.ruleVersion,
          ruleSet.key,
          f.severity,
          f.amount.fenBigInt.toString(),
          JSON.stringify(f.lines.map((l) => ({ lineId: l.lineId, itemType: l.itemType, amountFen: l.amount.fenBigInt.toString() }))),
          JSON.stringify(f.facts, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
          f.volaCont,
          f.volaEvid,
          now,
        ]);
      statusRows.push([c.id, ruleSet.key, found.length]);
    }
    for (const [table, rows] of [
      ['finding', findingRows],
      ['shadow_finding', shadowRows],
    ] as const)
      if (rows.length > 0)
        await insertChunked(
          em,
          `insert into review.${table} (id, settlement_id, setl_id, fixmedins_code, rule_id, rule_version, rule_set, severity, amount_fen, lines, facts, vola_cont, vola_evid, created_at)`,
          14,
          rows,
        );
    for (let i = 0; i < statusRows.length; i += CHUNK) {
      const chunk = statusRows.slice(i, i + CHUNK);
      await em.execute(
        `update review.settlement s set review_status = 'REVIEWED', rule_set = v.rule_set, findings = v.findings::int, reviewed_at = ?
           from (values ${chunk.map(() => '(?::uuid, ?, ?)').join(', ')}) as v(id, rule_set, findings) where s.id = v.id`,
        [now, ...chunk.flat()],
      );
    }
    return out;
  }
}
