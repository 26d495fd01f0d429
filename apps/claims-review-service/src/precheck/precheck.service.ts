import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { type PrecheckReply, type PrecheckRequest } from '@mi/contracts';
import { type Clock, DomainError, LocalDate, NotFoundError } from '@mi/domain';
import { AuditService, CLOCK, currentActor, GroupCommit, newUuidV7 } from '@mi/platform';
import { evaluate, InMemoryPatientHistory, toNhsaResult } from '@mi/rules';
import { mapPrecheck } from './nhsa-precheck.mapper';
import { RuleSetCache } from './rule-set-cache';
import { InstitutionDirectory } from '../shared/institution-directory';

/**
 * 事前事中审核 — reviews the current encounter of each patient in a 3101/3102 request with the
 * published rule set of the patient's pooling region (compiled, in memory) and the encounters the
 * HIS sent as recent history, answers NHSA `result[]`, and records every result (jr_id) so the
 * doctor's 3103 feedback joins back to it.
 */
@Injectable()
export class PrecheckService {
  private readonly records: GroupCommit<{ request: unknown[]; results: unknown[][] }>;

  constructor(
    private readonly orm: MikroORM,
    private readonly rules: RuleSetCache,
    private readonly directory: InstitutionDirectory,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.records = new GroupCommit(orm, async (em, batch) => {
      await em.execute(
        `insert into review.precheck_request (id, infno, msgid, task_id, trig_scen, institution_code, admdvs, rule_set, patients, findings, elapsed_ms, created_at) values ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flatMap((b) => b.request),
      );
      const results = batch.flatMap((b) => b.results);
      for (let i = 0; i < results.length; i += 500) {
        const chunk = results.slice(i, i + 500);
        await em.execute(
          `insert into review.precheck_result (jr_id, request_id, institution_code, patn_id, mdtrt_id, rule_id, rule_version, sev_deg, vola_amt_fen, result, created_at) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flat(),
        );
      }
    });
  }

  async precheck(req: PrecheckRequest): Promise<PrecheckReply> {
    const started = performance.now();
    const actor = currentActor();
    if (actor?.kind !== 'his') throw new DomainError('FORBIDDEN.ROLE', 'only a designated institution’s HIS sends pre-checks', { reason: 'not a HIS caller' });
    const institution = await this.directory.get(actor.institutionCode);
    const mapped = mapPrecheck(req.data, institution, req.infno);
    const today = LocalDate.fromInstant(this.clock.now()).toString();
    const result: Record<string, unknown>[] = [];
    const rows: unknown[][] = [];
    const requestId = newUuidV7();
    let ruleSetKey = '';
    for (const p of mapped.patients) {
      const ruleSet = await this.rules.get(p.poolarea, today);
      ruleSetKey = ruleSet.key;
      const history = p.history.length > 0 ? InMemoryPatientHistory.fromEncounters(p.history) : undefined;
      for (const finding of evaluate(ruleSet.compiled, p.current, history)) {
        if (ruleSet.shadow.has(finding.ruleId)) continue; // shadow rules are never answered to a HIS
        const jrId = newUuidV7();
        const nhsa = toNhsaResult(finding, { jrId, patnId: p.patnId, taskId: mapped.taskId });
        result.push(nhsa as unknown as Record<string, unknown>);
        rows.push([
          jrId,
          requestId,
          institution.code,
          p.patnId,
          finding.claimId,
          finding.ruleId,
          finding.ruleVersion,
          finding.severity,
          finding.amount.fenBigInt.toString(),
          JSON.stringify(nhsa),
        ]);
      }
    }
    // Answered only once its record is durable; concurrent pre-checks share one commit.
    await this.records.add({
      request: [
        requestId,
        req.infno,
        req.msgid ?? null,
        mapped.taskId ?? null,
        mapped.trigScen ?? null,
        institution.code,
        institution.admdvs,
        ruleSetKey,
        mapped.patients.length,
        rows.length,
        (performance.now() - started).toFixed(3),
        this.clock.now(),
      ],
      results: rows.map((r) => [...r, this.clock.now()]),
    });
    return { result, ruleSet: ruleSetKey };
  }

  /** 3103: the doctor continued (with a reason) or went back to change the order, per warning. */
  async feedback(data: Record<string, unknown>): Promise<{ recorded: number }> {
    const actor = currentActor();
    if (actor?.kind !== 'his') throw new DomainError('FORBIDDEN.ROLE', 'only a designated institution’s HIS sends feedback', { reason: 'not a HIS caller' });
    const warnType = String(data.warn_type ?? '');
    if (warnType !== '1' && warnType !== '2')
      throw new DomainError('VALIDATION', 'input.data.warn_type: 必须是 1 (事前) 或 2 (事中)', { field: 'input.data.warn_type' });
    const warns = Array.isArray(data.warns)
      ? (data.warns as Record<string, unknown>[])
      : data.warns && typeof data.warns === 'object'
        ? [data.warns as Record<string, unknown>]
        : [];
    if (warns.length === 0) throw new DomainError('VALIDATION', 'input.data.warns: 至少一条处理数据 (at least one warning)', { field: 'input.data.warns' });
    const parsed = warns.map((w, i) => {
      const path = `input.data.warns[${i}]`;
      const jrId = String(w.warn_rslt_id ?? '').trim();
      const way = String(w.dspo_way ?? '').trim();
      const reason = w.dspo_way_rea === undefined || w.dspo_way_rea === null ? '' : String(w.dspo_way_rea).trim();
      if (!jrId) throw new DomainError('VALIDATION', `${path}.warn_rslt_id: 缺失`, { field: `${path}.warn_rslt_id` });
      if (way !== '1' && way !== '2')
        throw new DomainError('VALIDATION', `${path}.dspo_way: 必须是 1 (继续执行) 或 2 (返回修改)`, { field: `${path}.dspo_way` });
      if (way === '1' && !reason)
        throw new DomainError('VALIDATION', `${path}.dspo_way_rea: 继续执行时必须填写理由 (a reason is required to continue)`, {
          field: `${path}.dspo_way_rea`,
        });
      return { jrId, way, reason: reason.slice(0, 500) };
    });
    return this.orm.em.fork().transactional(async (em) => {
      const found = await em.execute<{ jr_id: string }[]>(
        `select jr_id from review.precheck_result where institution_code = ? and jr_id in (${parsed.map(() => '?').join(', ')})`,
        [actor.institutionCode, ...parsed.map((p) => p.jrId)],
      );
      const known = new Set(found.map((f) => f.jr_id));
      const missing = parsed.findIndex((p) => !known.has(p.jrId));
      if (missing >= 0) throw new NotFoundError('warning (warn_rslt_id) of this institution', parsed[missing].jrId);
      const now = this.clock.now();
      await em.execute(
        `insert into review.precheck_feedback (jr_id, warn_type, dspo_way, dspo_way_rea, recorded_at) values ${parsed.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        parsed.flatMap((p) => [p.jrId, warnType, p.way, p.reason || null, now]),
      );
      await this.audit.record(em, {
        action: 'precheck.feedback',
        targetType: 'institution',
        targetId: actor.institutionCode,
        admdvs: actor.scope,
        detail: { warnType, warnings: parsed.map((p) => ({ jrId: p.jrId, dspoWay: p.way })) },
      });
      return { recorded: parsed.length };
    });
  }
}
