import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AGREEMENT_EVENTS_WILDCARD, type IneligibilityReason, type SettlementEligibilityReply } from '@mi/contracts';
import { NATS_CONNECTION, SubjectResolver } from '@mi/platform';
import { AgreementEntity, SuspensionEntity } from '../agreement/agreement.entities';
import { PractitionerListingEntity } from '../credit/practitioner-listing.entity';
import { PractitionerEntity, TerminalEntity } from '../registry/registry.entities';

interface CachedSuspension {
  startsAt: number;
  /** Effective end: when it ended early, else its planned end. */
  endsAt: number;
}

interface CachedAgreement {
  id: string;
  validFromAt: number;
  expiresAt: number;
  terminatedAt: number | null;
  suspensions: CachedSuspension[];
}

interface CachedInstitution {
  agreements: CachedAgreement[];
  /** PSAM numbers of the bound terminals. */
  terminals: Set<string>;
}

interface CachedPractitioner {
  institutionCode: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'CANCELLED';
  resumeAt: number | null;
  /** Black listings (credit-service): no settlement from `startsAt` until their (possibly cut short) end. */
  listings: { startsAt: number; endsAt: number }[];
}

/**
 * 结算资格 — the in-memory view every replica answers settlement-eligibility from. Rebuilt at
 * boot; each change refreshes the institution it touched: this service's own use cases right
 * after their commit, and every replica on the `evt.agreement.>` events (core NATS, no queue
 * group, so each replica sees each event). Answers depend on the instant asked about, not on
 * the stored status, so a transition the sweeper has not applied yet is already answered right.
 */
@Injectable()
export class EligibilityCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EligibilityCache');
  private institutions = new Map<string, CachedInstitution>();
  private practitioners = new Map<string, CachedPractitioner>();
  private subscription?: Subscription;
  private built = false;
  /** Institutions a transaction changed, refreshed once it commits (nothing happens on rollback). */
  private readonly pending = new WeakMap<object, Set<string>>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly resolver: SubjectResolver,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const subscriber: EventSubscriber = {
      afterTransactionCommit: async (args: TransactionEventArgs) => {
        const codes = this.pending.get(args.em);
        if (!codes) return;
        this.pending.delete(args.em);
        for (const code of codes) await this.refreshInstitution(code);
      },
    };
    this.orm.em.getEventManager().registerSubscriber(subscriber);
    this.subscription = this.nc.subscribe(this.resolver.subject(AGREEMENT_EVENTS_WILDCARD), {
      callback: (err, msg) => {
        if (err) return;
        try {
          void this.onEvent(msg.json()).catch((e: unknown) => this.log.warn({ msg: 'cache refresh failed; rebuilding', error: String(e) }));
        } catch {
          // Not JSON: not one of ours.
        }
      },
    });
    await this.rebuild();
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * Refreshes `institutionCode` right after `em`'s transaction commits — before the use case
   * (or the approval that applied it) answers, so this replica never answers from the old state.
   */
  refreshAfterCommit(em: EntityManager, institutionCode: string): void {
    let codes = this.pending.get(em);
    if (!codes) this.pending.set(em, (codes = new Set()));
    codes.add(institutionCode);
  }

  /** Loads everything (boot; also a safety net an operator can trigger). */
  async rebuild(): Promise<void> {
    const em = this.orm.em.fork();
    const [agreements, suspensions, terminals, practitioners, listings] = await Promise.all([
      em.find(AgreementEntity, {}),
      em.find(SuspensionEntity, {}),
      em.find(TerminalEntity, { status: 'BOUND' }),
      em.find(PractitionerEntity, {}),
      em.find(PractitionerListingEntity, {}),
    ]);
    const institutions = new Map<string, CachedInstitution>();
    const byAgreement = groupBy(suspensions, (s) => s.agreementId);
    for (const a of agreements) entry(institutions, a.institutionCode).agreements.push(cachedAgreement(a, byAgreement.get(a.id) ?? []));
    for (const t of terminals) entry(institutions, t.institutionCode).terminals.add(t.psamNo);
    this.institutions = institutions;
    const listed = groupBy(listings, (l) => l.practitionerCode);
    this.practitioners = new Map(practitioners.map((p) => [p.code, cachedPractitioner(p, listed.get(p.code) ?? [])]));
    this.built = true;
  }

  /** Reloads one institution's agreements, suspensions, terminals and practitioners. */
  async refreshInstitution(code: string): Promise<void> {
    const em = this.orm.em.fork();
    const [agreements, terminals, practitioners] = await Promise.all([
      em.find(AgreementEntity, { institutionCode: code }),
      em.find(TerminalEntity, { institutionCode: code, status: 'BOUND' }),
      em.find(PractitionerEntity, { institutionCode: code }),
    ]);
    const [suspensions, listings] = await Promise.all([
      agreements.length === 0 ? [] : em.find(SuspensionEntity, { agreementId: { $in: agreements.map((a) => a.id) } }),
      practitioners.length === 0 ? [] : em.find(PractitionerListingEntity, { practitionerCode: { $in: practitioners.map((p) => p.code) } }),
    ]);
    const byAgreement = groupBy(suspensions, (s) => s.agreementId);
    this.institutions.set(code, {
      agreements: agreements.map((a) => cachedAgreement(a, byAgreement.get(a.id) ?? [])),
      terminals: new Set(terminals.map((t) => t.psamNo)),
    });
    const listed = groupBy(listings, (l) => l.practitionerCode);
    for (const p of practitioners) this.practitioners.set(p.code, cachedPractitioner(p, listed.get(p.code) ?? []));
  }

  async refreshPractitioner(code: string): Promise<void> {
    const em = this.orm.em.fork();
    const [p, listings] = await Promise.all([em.findOne(PractitionerEntity, { code }), em.find(PractitionerListingEntity, { practitionerCode: code })]);
    if (p) this.practitioners.set(code, cachedPractitioner(p, listings));
    else this.practitioners.delete(code);
  }

  get ready(): boolean {
    return this.built;
  }

  /** The answer, synchronously, from memory. */
  check(institutionCode: string, at: Date, practitionerCode?: string, psamNo?: string): SettlementEligibilityReply {
    const t = at.getTime();
    const reasons: IneligibilityReason[] = [];
    const inst = this.institutions.get(institutionCode);
    const current = inst?.agreements.find((a) => a.validFromAt <= t && t < a.expiresAt);
    if (!current) {
      const agreements = inst?.agreements ?? [];
      if (agreements.some((a) => a.terminatedAt !== null && a.terminatedAt <= t)) reasons.push('AGREEMENT_TERMINATED');
      else if (agreements.some((a) => a.expiresAt <= t)) reasons.push('AGREEMENT_EXPIRED');
      else if (agreements.some((a) => a.validFromAt > t)) reasons.push('NOT_YET_VALID');
      else reasons.push('NO_AGREEMENT');
    } else if (current.terminatedAt !== null && current.terminatedAt <= t) {
      reasons.push('AGREEMENT_TERMINATED');
    } else if (current.suspensions.some((s) => s.startsAt <= t && t < s.endsAt)) {
      reasons.push('AGREEMENT_SUSPENDED');
    }
    if (practitionerCode !== undefined) {
      const p = this.practitioners.get(practitionerCode);
      if (!p || p.institutionCode !== institutionCode) reasons.push('PRACTITIONER_UNKNOWN');
      else if (p.status === 'CANCELLED' || (p.status === 'SUSPENDED' && (p.resumeAt === null || t < p.resumeAt))) reasons.push('PRACTITIONER_NOT_ACTIVE');
      if (p && p.institutionCode === institutionCode && p.listings.some((l) => l.startsAt <= t && t < l.endsAt)) reasons.push('PRACTITIONER_BLACKLISTED');
    }
    if (psamNo !== undefined && !inst?.terminals.has(psamNo)) reasons.push('TERMINAL_NOT_BOUND');
    return { eligible: reasons.length === 0, reasons, ...(current ? { agreementId: current.id } : {}) };
  }

  private async onEvent(envelope: unknown): Promise<void> {
    const payload = (envelope as { payload?: Record<string, unknown> } | null)?.payload;
    if (!payload || typeof payload !== 'object') return;
    if (typeof payload.institutionCode === 'string') await this.refreshInstitution(payload.institutionCode);
    else if (payload.subjectType === 'pharmacy' && typeof payload.subjectCode === 'string') await this.refreshInstitution(payload.subjectCode);
    else if (payload.subjectType === 'practitioner' && typeof payload.subjectCode === 'string') await this.refreshPractitioner(payload.subjectCode);
  }
}

function entry(map: Map<string, CachedInstitution>, code: string): CachedInstitution {
  let e = map.get(code);
  if (!e) map.set(code, (e = { agreements: [], terminals: new Set() }));
  return e;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}

function cachedAgreement(a: AgreementEntity, suspensions: SuspensionEntity[]): CachedAgreement {
  return {
    id: a.id,
    validFromAt: new Date(`${a.validFrom}T00:00:00+08:00`).getTime(),
    expiresAt: a.expiresAt.getTime(),
    // A scheduled termination (AGR-08) counts from its instant, before the sweeper has applied it.
    terminatedAt: (a.terminatedAt ?? a.terminationDueAt)?.getTime() ?? null,
    suspensions: suspensions.map((s) => ({ startsAt: s.startsAt.getTime(), endsAt: (s.endedAt ?? s.endsAt).getTime() })),
  };
}

function cachedPractitioner(p: PractitionerEntity, listings: PractitionerListingEntity[]): CachedPractitioner {
  return {
    institutionCode: p.institutionCode,
    status: p.status,
    resumeAt: p.resumeAt ? p.resumeAt.getTime() : null,
    listings: listings.map((l) => ({ startsAt: l.startsAt.getTime(), endsAt: (l.endedAt ?? l.endsAt).getTime() })),
  };
}
