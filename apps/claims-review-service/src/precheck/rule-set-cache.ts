import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { KbEventSubjects, KbSubjects, type RuleSetView } from '@mi/contracts';
import { Money } from '@mi/domain';
import { MiNatsClient, NATS_CONNECTION, SubjectResolver } from '@mi/platform';
import { type CatalogueEntry, compileRuleSet, type CompiledRuleSet, InMemoryKnowledgeBase, type KnowledgeBaseData, type RuleDefinition } from '@mi/rules';

/** What monitoring-kb-service sends as a knowledge snapshot (price caps in fen strings). */
interface SnapshotJson {
  version: string;
  items: (Omit<CatalogueEntry, 'priceCaps'> & { priceCaps?: Record<string, string> })[];
  diagnoses: KnowledgeBaseData['diagnoses'];
  drugClasses: KnowledgeBaseData['drugClasses'];
  codeSets: Record<string, string[]>;
  diagnosisCodes?: KnowledgeBaseData['diagnosisCodes'];
  operations?: KnowledgeBaseData['operations'];
  diseaseLists?: KnowledgeBaseData['diseaseLists'];
}

export interface ReadyRuleSet {
  /** `430100#2` — the published set that answered. */
  key: string;
  knowledgeVersion: string;
  compiled: CompiledRuleSet;
  /** Rules in shadow mode (影子规则): evaluated and recorded, never enforced or answered. */
  shadow: ReadonlySet<string>;
}

/**
 * The published rule set of each pooling region, compiled and held in memory. Loaded from
 * monitoring-kb-service on first use for a (region, date), shared by concurrent requests while it
 * loads, and dropped when a RuleSetPublished or KnowledgeImported event arrives (every replica
 * hears it on a plain subscription). Requests in flight keep the compiled set they started with.
 */
@Injectable()
export class RuleSetCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RuleSetCache');
  private readonly byDay = new Map<string, Promise<ReadyRuleSet>>();
  private readonly compiled = new Map<string, ReadyRuleSet>();
  private sub?: Subscription;

  constructor(
    private readonly nats: MiNatsClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.nc.subscribe(this.resolver.subject('evt.kb.>'), {
      callback: (_err, msg) => {
        const subject = this.resolver.unprefixed(msg.subject);
        if (subject === KbEventSubjects.RuleSetPublished || subject === KbEventSubjects.KnowledgeImported) this.invalidate(subject);
      },
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  invalidate(reason: string): void {
    this.byDay.clear();
    this.compiled.clear();
    this.log.log({ msg: 'rule sets dropped; the next request reloads them', reason });
  }

  get(poolarea: string, date: string): Promise<ReadyRuleSet> {
    const key = `${poolarea}|${date}`;
    let p = this.byDay.get(key);
    if (!p) {
      p = this.load(poolarea, date);
      this.byDay.set(key, p);
      p.catch(() => this.byDay.delete(key));
    }
    return p;
  }

  /** The knowledge of a region on a date from monitoring-kb, ready for the compiler. */
  async knowledge(poolarea: string, date: string): Promise<InMemoryKnowledgeBase> {
    return knowledgeOf(await this.nats.request<SnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea, date }, { timeoutMs: 10_000 }));
  }

  private async load(poolarea: string, date: string): Promise<ReadyRuleSet> {
    const [set, snapshot] = await Promise.all([
      this.nats.request<RuleSetView>(KbSubjects.ruleSetInForce, { poolarea, date }, { timeoutMs: 10_000 }),
      this.nats.request<SnapshotJson>(KbSubjects.knowledgeSnapshot, { poolarea, date }, { timeoutMs: 10_000 }),
    ]);
    const key = `${set.region}#${set.version}`;
    const cacheKey = `${key}|${snapshot.version}`;
    const hit = this.compiled.get(cacheKey);
    if (hit) return hit;
    const knowledge = knowledgeOf(snapshot);
    const started = performance.now();
    const compiled = compileRuleSet(set.rules as unknown as RuleDefinition[], { knowledge });
    const ready = { key, knowledgeVersion: snapshot.version, compiled, shadow: new Set(set.shadow ?? []) };
    this.compiled.set(cacheKey, ready);
    this.log.log({ msg: 'rule set compiled', ruleSet: key, rules: set.rules.length, knowledge: snapshot.version, ms: Math.round(performance.now() - started) });
    return ready;
  }
}

function knowledgeOf(snapshot: SnapshotJson): InMemoryKnowledgeBase {
  return InMemoryKnowledgeBase.from({
    version: snapshot.version,
    items: snapshot.items.map((i) => ({
      ...i,
      priceCaps: i.priceCaps ? Object.fromEntries(Object.entries(i.priceCaps).map(([lv, fen]) => [lv, Money.fromFen(BigInt(fen))])) : undefined,
    })) as CatalogueEntry[],
    diagnoses: snapshot.diagnoses,
    drugClasses: snapshot.drugClasses,
    codeSets: snapshot.codeSets,
    diagnosisCodes: snapshot.diagnosisCodes,
    operations: snapshot.operations,
    diseaseLists: snapshot.diseaseLists,
  });
}
