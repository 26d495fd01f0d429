import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { type ApprovalView, KbEventSubjects, type ProposeRuleSetRequest, type RuleOverride, type RuleSetView, type RuleVersionView } from '@mi/contracts';
import { Admdvs, type Clock, ConflictError, DomainError, LocalDate, NotFoundError } from '@mi/domain';
import { ApprovalService, AuditService, CLOCK, currentActor, OutboxService, requireRole, requireScope, SYSTEM_ACTOR } from '@mi/platform';
import { compileRuleSet, DEFAULT_RULES, InMemoryKnowledgeBase, type RuleDefinition, validateRule } from '@mi/rules';
import { KnowledgeService, provinceOf } from '../knowledge/knowledge.service';
import { snapshotFromJson } from '../knowledge/knowledge-json';

export const PUBLISH_RULE_SET = 'kb.publish-rule-set';

/** An entry of a rule set: a rule version, in shadow mode when `shadow` (evaluated and recorded, not enforced). */
interface SetEntry {
  ruleId: string;
  version: number;
  shadow?: boolean;
}

interface PublishPayload {
  region: string;
  effectiveFrom: string;
  rules: SetEntry[];
  overrides: RuleOverride[];
}

interface RuleSetRow {
  region: string;
  version: number;
  effective_from: string;
  rules: SetEntry[];
  overrides: RuleOverride[];
  published_at: Date;
}

/**
 * 规则库 — rules as versioned JSON definitions (@mi/rules DSL), drafts validated when saved, rule
 * sets published per region by maker-checker with an effective date, city overrides (disable,
 * thresholds) of the provincial set, and the version in force on any date.
 */
@Injectable()
export class RuleBookService implements OnModuleInit {
  private readonly log = new Logger('RuleBook');

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly approvals: ApprovalService,
    private readonly knowledge: KnowledgeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.approvals.register<PublishPayload, RuleSetView>(PUBLISH_RULE_SET, {
      requiredRoles: ['province-admin', 'city-officer'],
      describe: (p) => `publish rule set of ${p.region} from ${p.effectiveFrom}: ${p.rules.length} rules, ${p.overrides.length} overrides`,
      apply: (em, p) => this.publish(em, p),
    });
  }

  /** Publishes the bundled default rules as the province's first rule set when it has none. */
  async seedProvinceRules(province: string): Promise<boolean> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('kb.seed-rules'))`);
      const [{ n }] = await em.execute<{ n: string }[]>('select count(*)::text as n from kb.rule_set where region = ?', [province]);
      if (n !== '0') return false;
      for (const def of DEFAULT_RULES) {
        await em.execute(
          `insert into kb.rule_version (rule_id, version, region, status, definition, created_by, created_at, published_at) values (?, ?, ?, 'PUBLISHED', ?, 'system', ?, ?) on conflict do nothing`,
          [def.id, def.version, province, JSON.stringify(def), this.clock.now(), this.clock.now()],
        );
      }
      await this.insertSet(
        em,
        { region: province, effectiveFrom: '2019-01-01', rules: DEFAULT_RULES.map((d) => ({ ruleId: d.id, version: d.version })), overrides: [] },
        'system',
      );
      await this.audit.record(em, {
        action: 'kb.seed-rules',
        targetType: 'rule-set',
        targetId: `${province}#1`,
        admdvs: province,
        actor: SYSTEM_ACTOR,
        detail: { rules: DEFAULT_RULES.length },
      });
      this.log.log({ msg: 'published the default rule set', province, rules: DEFAULT_RULES.length });
      return true;
    });
  }

  async saveDraft(regionCode: string, definition: Record<string, unknown>): Promise<RuleVersionView> {
    const actor = currentActor();
    const region = this.editableRegion(regionCode, 'edit rules');
    const ruleId = typeof definition.id === 'string' ? definition.id : '';
    return this.orm.em.fork().transactional(async (em) => {
      const [latest] = await em.execute<{ version: number; status: string; region: string }[]>(
        'select version, status, region from kb.rule_version where rule_id = ? order by version desc limit 1 for update',
        [ruleId],
      );
      if (latest && latest.region !== region)
        throw new ConflictError('KB.RULE_OF_OTHER_REGION', `rule ${ruleId} belongs to ${latest.region}; a city changes a provincial rule through overrides`, {
          field: 'definition.id',
        });
      const version = !latest ? 1 : latest.status === 'DRAFT' ? latest.version : latest.version + 1;
      const checked = validateRule({ ...definition, version });
      if (!checked.ok) {
        const fields = checked.errors.map((e) => ({ field: `definition${e.path.replace(/^\$/, '')}`, reason: `${e.code}: ${e.message}` }));
        throw new DomainError('VALIDATION', `${fields[0].field}: ${fields[0].reason}`, { field: fields[0].field, reason: fields[0].reason, fields });
      }
      const by = actor?.kind === 'user' ? actor.username : (actor?.id ?? 'unknown');
      await em.execute(
        `insert into kb.rule_version (rule_id, version, region, status, definition, created_by, created_at) values (?, ?, ?, 'DRAFT', ?, ?, ?)
         on conflict (rule_id, version) do update set definition = excluded.definition, created_by = excluded.created_by, created_at = excluded.created_at`,
        [ruleId, version, region, JSON.stringify(checked.rule), by, this.clock.now()],
      );
      await this.audit.record(em, { action: 'kb.save-rule-draft', targetType: 'rule', targetId: `${ruleId}@${version}`, admdvs: region, after: checked.rule });
      return {
        ruleId,
        version,
        region,
        status: 'DRAFT',
        name: checked.rule.name,
        createdBy: by,
        createdAt: this.clock.now().toISOString(),
        definition: checked.rule as unknown as Record<string, unknown>,
      };
    });
  }

  async listRules(regionCode: string, status?: 'DRAFT' | 'PUBLISHED'): Promise<RuleVersionView[]> {
    const region = Admdvs.parse(regionCode, 'region').code;
    requireScope(currentActor(), region, `rules of ${region}`);
    const rows = await this.orm.em
      .fork()
      .execute<
        { rule_id: string; version: number; region: string; status: 'DRAFT' | 'PUBLISHED'; definition: RuleDefinition; created_by: string; created_at: Date }[]
      >(
        `select rule_id, version, region, status, definition, created_by, created_at from kb.rule_version where region = ? ${status ? 'and status = ?' : ''} order by rule_id, version`,
        status ? [region, status] : [region],
      );
    return rows.map((r) => ({
      ruleId: r.rule_id,
      version: r.version,
      region: r.region,
      status: r.status,
      name: r.definition.name,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at).toISOString(),
      definition: r.definition as unknown as Record<string, unknown>,
    }));
  }

  /** Checks the whole set (versions exist, overrides valid, compiles against the knowledge of that date), then proposes it. */
  async propose(req: ProposeRuleSetRequest): Promise<ApprovalView> {
    const region = this.editableRegion(req.region, 'publish rule sets');
    const today = LocalDate.fromInstant(this.clock.now());
    if (LocalDate.parse(req.effectiveFrom, 'effectiveFrom').compareTo(today) < 0) {
      throw new DomainError('VALIDATION', 'effectiveFrom: a rule set cannot take effect in the past (claims already reviewed keep their version)', {
        field: 'effectiveFrom',
        reason: 'in the past',
      });
    }
    const payload: PublishPayload = {
      region,
      effectiveFrom: req.effectiveFrom,
      // Stored with shadow only where set, so sets without shadow rules keep their earlier shape.
      rules: req.rules.map((r) => ({ ruleId: r.ruleId, version: r.version, ...(r.shadow === true ? { shadow: true } : {}) })),
      overrides: req.overrides ?? [],
    };
    const em = this.orm.em.fork();
    const [later] = await em.execute<{ effective_from: string }[]>(
      `select effective_from::text as effective_from from kb.rule_set where region = ? and effective_from >= ?::date limit 1`,
      [region, req.effectiveFrom],
    );
    if (later)
      throw new ConflictError('KB.RULE_SET_EXISTS', `a rule set of ${region} already takes effect on ${later.effective_from}`, { field: 'effectiveFrom' });
    await this.resolve(em, payload, req.effectiveFrom); // refuses anything that would not compile
    return this.approvals.propose<PublishPayload>({
      action: PUBLISH_RULE_SET,
      targetType: 'rule-set',
      targetId: `${region}@${req.effectiveFrom}`,
      admdvs: region,
      payload,
      reason: req.reason,
    });
  }

  /** The rule set in force for a pooling region on a date, city overrides applied. */
  async inForce(poolarea: string, date: string): Promise<RuleSetView> {
    const city = Admdvs.parse(poolarea, 'poolarea').poolingRegion().code;
    const em = this.orm.em.fork();
    const citySet = await this.setOn(em, city, date);
    const provinceSet = await this.setOn(em, provinceOf(city), date);
    const base = citySet && citySet.rules.length > 0 ? citySet : provinceSet;
    if (!base) throw new NotFoundError('rule set in force', `${city} on ${date}`);
    const overrides = citySet?.overrides ?? [];
    const rules = await this.definitions(em, base.rules, overrides);
    const shown = citySet ?? base;
    const kept = new Set(rules.map((r) => r.id));
    return {
      region: shown.region,
      version: shown.version,
      effectiveFrom: shown.effective_from,
      publishedAt: new Date(shown.published_at).toISOString(),
      rules: rules as unknown as Record<string, unknown>[],
      overrides,
      shadow: base.rules.filter((r) => r.shadow === true && kept.has(r.ruleId)).map((r) => r.ruleId),
    };
  }

  /**
   * Definitions of named rule versions (drafts included) for a simulation of `poolarea`: each must
   * belong to the city or its province; the first that does not is a NOT_FOUND naming `rules[i]`.
   */
  async ruleDefinitions(poolarea: string, refs: { ruleId: string; version: number }[]): Promise<Record<string, unknown>[]> {
    const city = Admdvs.parse(poolarea, 'poolarea').poolingRegion().code;
    if (refs.length === 0) return [];
    const rows = await this.orm.em
      .fork()
      .execute<{ rule_id: string; version: number; definition: Record<string, unknown> }[]>(
        `select rule_id, version, definition from kb.rule_version where region in (?, ?) and (rule_id, version) in (${refs.map(() => '(?, ?)').join(', ')})`,
        [city, provinceOf(city), ...refs.flatMap((r) => [r.ruleId, r.version])],
      );
    const byKey = new Map(rows.map((r) => [`${r.rule_id}@${r.version}`, r.definition]));
    return refs.map((ref, i) => {
      const def = byKey.get(`${ref.ruleId}@${ref.version}`);
      if (!def)
        throw new DomainError('NOT_FOUND', `rules[${i}]: rule ${ref.ruleId} v${ref.version} not found for ${city} or its province`, {
          field: `rules[${i}]`,
          reason: 'unknown rule version',
          what: 'rule version',
          id: `${ref.ruleId}@${ref.version}`,
        });
      return def;
    });
  }

  async listSets(regionCode: string): Promise<Omit<RuleSetView, 'rules'>[]> {
    const region = Admdvs.parse(regionCode, 'region').code;
    requireScope(currentActor(), region, `rule sets of ${region}`);
    const rows = await this.orm.em
      .fork()
      .execute<RuleSetRow[]>(
        `select region, version, effective_from::text as effective_from, rules, overrides, published_at from kb.rule_set where region = ? order by version desc`,
        [region],
      );
    return rows.map((r) => ({
      region: r.region,
      version: r.version,
      effectiveFrom: r.effective_from,
      publishedAt: new Date(r.published_at).toISOString(),
      overrides: r.overrides,
    }));
  }

  private async publish(em: EntityManager, p: PublishPayload): Promise<RuleSetView> {
    await this.resolve(em, p, p.effectiveFrom);
    const actor = currentActor();
    const version = await this.insertSet(em, p, actor?.kind === 'user' ? actor.username : (actor?.id ?? 'unknown'));
    for (const r of p.rules) {
      await em.execute(`update kb.rule_version set status = 'PUBLISHED', published_at = ? where rule_id = ? and version = ? and status = 'DRAFT'`, [
        this.clock.now(),
        r.ruleId,
        r.version,
      ]);
    }
    await this.audit.record(em, { action: 'kb.publish-rule-set', targetType: 'rule-set', targetId: `${p.region}#${version}`, admdvs: p.region, after: p });
    return { region: p.region, version, effectiveFrom: p.effectiveFrom, publishedAt: this.clock.now().toISOString(), rules: [], overrides: p.overrides };
  }

  private async insertSet(em: EntityManager, p: PublishPayload, by: string): Promise<number> {
    const [{ v }] = await em.execute<{ v: number }[]>('select coalesce(max(version), 0) + 1 as v from kb.rule_set where region = ?', [p.region]);
    await em.execute(
      `insert into kb.rule_set (region, version, effective_from, rules, overrides, published_by, published_at) values (?, ?, ?::date, ?, ?, ?, ?)`,
      [p.region, v, p.effectiveFrom, JSON.stringify(p.rules), JSON.stringify(p.overrides), by, this.clock.now()],
    );
    await this.outbox.add(em, {
      subject: KbEventSubjects.RuleSetPublished,
      type: 'RuleSetPublished',
      admdvs: p.region,
      aggregateId: `${p.region}#${v}`,
      payload: { region: p.region, version: v, effectiveFrom: p.effectiveFrom, rules: p.rules.length, overrides: p.overrides.length },
    });
    return Number(v);
  }

  /** The definitions a set resolves to on a date; compiles them so a bad set is refused before publishing. */
  private async resolve(em: EntityManager, p: PublishPayload, date: string): Promise<RuleDefinition[]> {
    const isCity = Admdvs.parse(p.region, 'region').level === 'city';
    let refs = p.rules;
    if (isCity && refs.length === 0) {
      const provinceSet = await this.setOn(em, provinceOf(p.region), date);
      if (!provinceSet) throw new DomainError('VALIDATION', `rules: ${provinceOf(p.region)} has no rule set on ${date} to inherit`, { field: 'rules' });
      refs = provinceSet.rules;
    }
    if (refs.length === 0) throw new DomainError('VALIDATION', 'rules: a rule set needs at least one rule', { field: 'rules' });
    const enforced = refs.filter((r) => r.shadow !== true && !p.overrides.some((o) => o.ruleId === r.ruleId && o.disabled));
    if (enforced.length === 0)
      throw new DomainError('VALIDATION', 'rules: every rule is in shadow mode or disabled; a set enforces at least one rule', {
        field: 'rules',
        reason: 'only shadow rules',
      });
    for (const o of p.overrides) {
      if (!refs.some((r) => r.ruleId === o.ruleId))
        throw new DomainError('VALIDATION', `overrides: rule ${o.ruleId} is not in the set`, { field: 'overrides', reason: 'unknown rule' });
    }
    const defs = await this.definitions(em, refs, p.overrides);
    const knowledge = await this.knowledge.snapshot(p.region, date);
    try {
      compileRuleSet(defs, { knowledge: InMemoryKnowledgeBase.from(snapshotFromJson(knowledge)) });
    } catch (e) {
      throw new DomainError('VALIDATION', `rules: the set does not compile: ${(e as Error).message}`, { field: 'rules', reason: (e as Error).message });
    }
    return defs;
  }

  private async definitions(em: EntityManager, refs: SetEntry[], overrides: RuleOverride[]): Promise<RuleDefinition[]> {
    if (refs.length === 0) return [];
    const rows = await em.execute<{ rule_id: string; version: number; definition: RuleDefinition }[]>(
      `select rule_id, version, definition from kb.rule_version where (rule_id, version) in (${refs.map(() => '(?, ?)').join(', ')})`,
      refs.flatMap((r) => [r.ruleId, r.version]),
    );
    const byKey = new Map(rows.map((r) => [`${r.rule_id}@${r.version}`, r.definition]));
    const out: RuleDefinition[] = [];
    for (const ref of refs) {
      const def = byKey.get(`${ref.ruleId}@${ref.version}`);
      if (!def) throw new DomainError('VALIDATION', `rules: ${ref.ruleId} v${ref.version} does not exist`, { field: 'rules', reason: 'unknown rule version' });
      const o = overrides.find((x) => x.ruleId === ref.ruleId);
      if (o?.disabled) continue;
      if (o?.params) {
        const checked = validateRule({ ...def, params: { ...(def.params ?? {}), ...o.params } });
        if (!checked.ok)
          throw new DomainError('VALIDATION', `overrides: ${ref.ruleId}: ${checked.errors[0].message}`, {
            field: 'overrides',
            reason: checked.errors[0].message,
          });
        out.push(checked.rule);
      } else out.push(def);
    }
    return out;
  }

  private async setOn(em: EntityManager, region: string, date: string): Promise<RuleSetRow | undefined> {
    const [row] = await em.execute<RuleSetRow[]>(
      `select region, version, effective_from::text as effective_from, rules, overrides, published_at from kb.rule_set where region = ? and effective_from <= ?::date order by effective_from desc limit 1`,
      [region, date],
    );
    return row;
  }

  private editableRegion(regionCode: string, action: string): string {
    const actor = currentActor();
    const region = Admdvs.parse(regionCode, 'region');
    if (region.level === 'county') throw new DomainError('VALIDATION', 'region: rules are kept per province or city', { field: 'region', reason: 'county' });
    requireRole(actor, region.level === 'province' ? ['province-admin'] : ['province-admin', 'city-officer'], action);
    requireScope(actor, region.code, `rules of ${region.code}`);
    return region.code;
  }
}
