import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  KbSubjects,
  type ListSimulationsRequest,
  type RuleDefinitionsView,
  type RuleSetView,
  type SettlementFindingsView,
  type SettlementFindingView,
  SIMULATION_MAX_DAYS,
  type SimulationJobPageView,
  type SimulationJobView,
  type StartSimulationRequest,
} from '@mi/contracts';
import { Admdvs, type Clock, DomainError, LocalDate, NotFoundError, ValidationError } from '@mi/domain';
import { AuditService, canSee, CLOCK, currentActor, MiNatsClient, newUuidV7, requireRole } from '@mi/platform';
import { compileRuleSet, type RuleDefinition } from '@mi/rules';
import { RuleSetCache } from '../precheck/rule-set-cache';
import { SimulationRunner } from './simulation-runner';
import { type JobRow, JOB_COLUMNS, jobSummary, jobView } from './simulation-job';

/** Who may simulate and read simulations: the city's officers and reviewers (and the province). */
const SIMULATION_ROLES = ['city-officer', 'reviewer', 'province-admin'] as const;

/**
 * 规则模拟 — queues a comparison of a candidate rule set (the set in force on the period's last day
 * with named rule versions replacing or joining it and named rules taken out) with the findings
 * the published sets produced, over a city's stored settlements of a period. Everything the job
 * needs is checked and resolved here (period, rule versions, that the set compiles) so a bad
 * request writes nothing; the job row holds the candidate definitions, so a restart reruns the
 * same candidate.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly nats: MiNatsClient,
    private readonly rules: RuleSetCache,
    private readonly runner: SimulationRunner,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(req: StartSimulationRequest): Promise<SimulationJobView> {
    const actor = currentActor();
    requireRole(actor, [...SIMULATION_ROLES], 'run a rule simulation');
    const region = Admdvs.parse(req.poolarea, 'poolarea');
    if (region.level !== 'city') throw new ValidationError('poolarea', 'a simulation runs over a city (pooling region), e.g. 430100');
    const poolarea = region.code;
    // Another city's data is not shown to exist.
    if (!canSee(actor, poolarea))
      throw new DomainError('NOT_FOUND', `poolarea: city ${poolarea} not found in your regions`, { field: 'poolarea', what: 'city', id: poolarea });
    const from = LocalDate.parse(req.from, 'from');
    const to = LocalDate.parse(req.to, 'to');
    const today = LocalDate.fromInstant(this.clock.now());
    if (to.compareTo(from) < 0) throw new ValidationError('to', `must not be before from (${from.toString()})`);
    if (to.compareTo(today) > 0) throw new ValidationError('to', `must not be after today (${today.toString()}): nothing is settled yet`);
    const days = from.daysUntil(to) + 1;
    if (days > SIMULATION_MAX_DAYS) throw new ValidationError('to', `the period covers ${days} days; at most ${SIMULATION_MAX_DAYS}`);
    const refs = (req.rules ?? []).map((r) => ({ ruleId: r.ruleId, version: r.version }));
    const remove = [...(req.remove ?? [])];
    refs.forEach((r, i) => {
      if (refs.findIndex((x) => x.ruleId === r.ruleId) !== i) throw new ValidationError(`rules[${i}]`, `rule ${r.ruleId} is named twice`);
      if (remove.includes(r.ruleId)) throw new ValidationError(`rules[${i}]`, `rule ${r.ruleId} is also in remove`);
    });

    const base = await this.nats
      .request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea, date: to.toString() }, { timeoutMs: 10_000 })
      .catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'NOT_FOUND')
          throw new DomainError('NOT_FOUND', `to: ${poolarea} has no published rule set on ${to.toString()}`, { field: 'to', what: 'rule set', id: poolarea });
        throw e;
      });
    const baseDefs = base.rules as unknown as RuleDefinition[];
    const shadow = new Set(base.shadow ?? []);
    remove.forEach((id, i) => {
      if (!baseDefs.some((d) => d.id === id))
        throw new DomainError('NOT_FOUND', `remove[${i}]: rule ${id} is not in the rule set ${base.region}#${base.version}`, {
          field: `remove[${i}]`,
          what: 'rule in the set',
          id,
        });
    });
    const { definitions } =
      refs.length > 0
        ? await this.nats.request<RuleDefinitionsView>(KbSubjects.ruleDefinitions, { poolarea, rules: refs }, { timeoutMs: 10_000 })
        : { definitions: [] };
    const named = new Map((definitions as unknown as RuleDefinition[]).map((d) => [d.id, d]));
    // The candidate: the enforced rules of the set in force, named versions in place or added, removed ones out.
    const candidate = [
      ...baseDefs.filter((d) => !remove.includes(d.id) && (named.has(d.id) || !shadow.has(d.id))).map((d) => named.get(d.id) ?? d),
      ...[...named.values()].filter((d) => !baseDefs.some((b) => b.id === d.id)),
    ];
    if (candidate.length === 0) throw new ValidationError('remove', 'the candidate set would have no rule');
    try {
      compileRuleSet(candidate, { knowledge: await this.rules.knowledge(poolarea, to.toString()) });
    } catch (e) {
      throw new ValidationError('rules', `the candidate set does not compile: ${(e as Error).message}`);
    }

    const id = newUuidV7();
    const now = this.clock.now();
    const by = actor.username;
    const row = await this.orm.em.fork().transactional(async (em) => {
      const [inserted] = await em.execute<JobRow[]>(
        `insert into review.simulation_job (id, poolarea, from_date, to_date, status, base_rule_set, base_rules, rules, remove, definitions, reason, requested_by, requested_at)
         values (?, ?, ?::date, ?::date, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?) returning ${JOB_COLUMNS}`,
        [
          id,
          poolarea,
          from.toString(),
          to.toString(),
          `${base.region}#${base.version}`,
          JSON.stringify(baseDefs.filter((d) => !shadow.has(d.id)).map((d) => d.id)),
          JSON.stringify(refs),
          JSON.stringify(remove),
          JSON.stringify(candidate),
          req.reason,
          by,
          now,
        ],
      );
      await this.audit.record(em, {
        action: 'review.simulation.start',
        targetType: 'simulation',
        targetId: id,
        admdvs: poolarea,
        detail: { from: from.toString(), to: to.toString(), baseRuleSet: `${base.region}#${base.version}`, rules: refs, remove, reason: req.reason },
      });
      return inserted;
    });
    this.runner.wake();
    return jobView(row);
  }

  async get(id: string): Promise<SimulationJobView> {
    const actor = currentActor();
    requireRole(actor, [...SIMULATION_ROLES], 'read a rule simulation');
    const [row] = await this.orm.em.fork().execute<JobRow[]>(`select ${JOB_COLUMNS}, report from review.simulation_job where id = ?`, [id]);
    if (!row || !canSee(actor, row.poolarea)) throw new NotFoundError('simulation', id);
    return jobView(row);
  }

  async list(req: ListSimulationsRequest): Promise<SimulationJobPageView> {
    const actor = currentActor();
    requireRole(actor, [...SIMULATION_ROLES], 'list rule simulations');
    const poolarea = Admdvs.parse(req.poolarea, 'poolarea').code;
    const limit = req.limit ?? 20;
    const offset = req.offset ?? 0;
    if (!canSee(actor, poolarea)) return { items: [], total: 0, limit, offset };
    const em = this.orm.em.fork();
    const rows = await em.execute<JobRow[]>(
      `select ${JOB_COLUMNS} from review.simulation_job where poolarea = ? order by requested_at desc, id desc limit ? offset ?`,
      [poolarea, limit, offset],
    );
    const [{ n }] = await em.execute<{ n: number }[]>(`select count(*)::int as n from review.simulation_job where poolarea = ?`, [poolarea]);
    return { items: rows.map(jobSummary), total: n, limit, offset };
  }

  /** One settlement's findings: the enforced ones and, marked, what shadow rules recorded. */
  async settlementFindings(settlementId: string): Promise<SettlementFindingsView> {
    const actor = currentActor();
    requireRole(actor, ['city-officer', 'county-officer', 'reviewer', 'province-admin', 'auditor'], 'read a settlement’s findings');
    const em = this.orm.em.fork();
    const [s] = await em.execute<
      { id: string; setl_id: string; fixmedins_code: string; poolarea: string; admdvs: string; setl_date: string; rule_set: string | null }[]
    >(`select id::text as id, setl_id, fixmedins_code, poolarea, admdvs, setl_date::text as setl_date, rule_set from review.settlement where id = ?`, [
      settlementId,
    ]);
    if (!s || !canSee(actor, s.admdvs)) throw new NotFoundError('settlement', settlementId);
    const findings = await em.execute<
      {
        id: string;
        rule_id: string;
        rule_version: number;
        rule_set: string;
        severity: string;
        amount_fen: string;
        lines: SettlementFindingView['lines'];
        vola_cont: string;
        vola_evid: string;
        shadow: boolean;
      }[]
    >(
      `select id::text as id, rule_id, rule_version, rule_set, severity, amount_fen::text as amount_fen, lines, vola_cont, vola_evid, false as shadow, created_at
         from review.finding where settlement_id = ?
       union all
       select id::text, rule_id, rule_version, rule_set, severity, amount_fen::text, lines, vola_cont, vola_evid, true, created_at
         from review.shadow_finding where settlement_id = ?
       order by shadow, created_at, id`,
      [settlementId, settlementId],
    );
    return {
      settlementId: s.id,
      setlId: s.setl_id,
      institutionCode: s.fixmedins_code,
      poolarea: s.poolarea,
      setlDate: s.setl_date,
      ruleSet: s.rule_set,
      findings: findings.map((f) => ({
        id: f.id,
        ruleId: f.rule_id,
        ruleVersion: f.rule_version,
        ruleSet: f.rule_set,
        severity: f.severity,
        amountFen: f.amount_fen,
        lines: f.lines,
        volaCont: f.vola_cont,
        volaEvid: f.vola_evid,
        shadow: f.shadow,
      })),
    };
  }
}
