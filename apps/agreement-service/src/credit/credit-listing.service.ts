import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgreementEventSubjects, RegistryChangedEvent, type RegistryChangedPayload, type SubjectDelistedEvent, type SubjectListedEvent } from '@mi/contracts';
import { type Clock, LocalDate } from '@mi/domain';
import { AuditService, CLOCK, OutboxService } from '@mi/platform';
import { endInstant } from '../agreement/agreement-policy';
import { PractitionerEntity } from '../registry/registry.entities';
import { PractitionerListingEntity } from './practitioner-listing.entity';

/**
 * 黑名单联动 — a practitioner black-listed by credit-service after registration may not settle
 * for the listing's period; a delisting ends that early. Runs in the inbox transaction of the
 * event; answers the practitioner whose eligibility changed. Other listings (red list,
 * institutions, their representatives and controllers) bar admission, which asks credit-service
 * itself at application time, and change nothing here.
 */
@Injectable()
export class CreditListingService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onListed(em: EntityManager, e: SubjectListedEvent): Promise<string | undefined> {
    const p = e.payload;
    if (p.list !== 'black' || p.subjectType !== 'practitioner') return undefined;
    // One row per decision: a republished decision under a new event id changes nothing either.
    if (await em.findOne(PractitionerListingEntity, { decisionId: p.decisionId })) return undefined;
    const practitioner = await em.findOne(PractitionerEntity, { code: p.subjectCode });
    const listing = em.create(PractitionerListingEntity, {
      decisionId: p.decisionId,
      practitionerCode: p.subjectCode,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      startsAt: LocalDate.parse(p.periodStart).startOfDayInstant(),
      endsAt: endInstant(LocalDate.parse(p.periodEnd)),
      endedAt: null,
      admdvs: practitioner?.admdvs ?? e.admdvs,
      listedEventId: e.id,
      recordedAt: this.clock.now(),
    });
    em.persist(listing);
    await this.audit.record(em, {
      action: 'practitioner.blacklisted',
      targetType: 'practitioner',
      targetId: p.subjectCode,
      admdvs: listing.admdvs,
      after: { decisionId: p.decisionId, periodStart: p.periodStart, periodEnd: p.periodEnd, registered: practitioner !== null },
      detail: { eventId: e.id },
    });
    await this.changed(em, practitioner);
    return p.subjectCode;
  }

  async onDelisted(em: EntityManager, e: SubjectDelistedEvent): Promise<string | undefined> {
    const p = e.payload;
    if (p.list !== 'black' || p.subjectType !== 'practitioner') return undefined;
    const listing = await em.findOne(PractitionerListingEntity, { decisionId: p.decisionId });
    if (!listing || listing.endedAt) return undefined;
    const endedAt = new Date(e.occurredAt);
    listing.endedAt = endedAt < listing.endsAt ? endedAt : listing.endsAt;
    listing.delistedEventId = e.id;
    await this.audit.record(em, {
      action: 'practitioner.delisted',
      targetType: 'practitioner',
      targetId: listing.practitionerCode,
      admdvs: listing.admdvs,
      before: { decisionId: listing.decisionId, periodEnd: listing.periodEnd },
      after: { decisionId: listing.decisionId, endedAt: listing.endedAt.toISOString(), status: p.status },
      detail: { eventId: e.id },
    });
    await this.changed(em, await em.findOne(PractitionerEntity, { code: listing.practitionerCode }));
    return listing.practitionerCode;
  }

  /** Every replica's eligibility cache hears it (evt.agreement.>) and reloads the practitioner's institution. */
  private async changed(em: EntityManager, practitioner: PractitionerEntity | null): Promise<void> {
    if (!practitioner) return;
    await this.outbox.add<RegistryChangedPayload>(em, {
      subject: AgreementEventSubjects.RegistryChanged,
      type: RegistryChangedEvent.TYPE,
      admdvs: practitioner.admdvs,
      aggregateId: practitioner.code,
      payload: { kind: 'practitioner', code: practitioner.code, institutionCode: practitioner.institutionCode },
    });
  }
}
