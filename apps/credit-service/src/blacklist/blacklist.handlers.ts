import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import { type BlacklistStatusReply, BlacklistStatusRequest, CreditBlacklistSubjects } from '@mi/contracts';
import { type Clock, IdCard, LocalDate, ValidationError } from '@mi/domain';
import { CLOCK, currentActor, type PiiCipher, requireRole, SERVICE_CONFIG } from '@mi/platform';
import type { CreditConfig } from '../config';
import { creditPiiCipher } from '../pii';
import { BlacklistEntryEntity } from './blacklist-entry.entity';

/**
 * Blacklist-status responder for agreement admission (AGR-04): entries in force today (listed on
 * or before today, not past `until`). Approved black-list decisions write these entries and end
 * them on removal (see list-decision/).
 */
@Controller()
export class BlacklistHandlers {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: CreditConfig,
  ) {
    this.cipher = creditPiiCipher(config);
  }

  private readonly cipher: PiiCipher;

  @MessagePattern(CreditBlacklistSubjects.blacklistStatus)
  async status(@Payload() req: BlacklistStatusRequest): Promise<BlacklistStatusReply> {
    const actor = currentActor();
    // Services (system) and bureau officers may ask; HIS callers may not.
    if (actor?.kind !== 'system') requireRole(actor, ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'], 'query dishonesty lists');
    if (!req.uscc && !req.institutionCode && !req.practitionerCode && !req.idNumber) {
      throw new ValidationError('uscc', 'give uscc, institutionCode, practitionerCode or idNumber');
    }
    const today = LocalDate.fromInstant(this.clock.now()).toString();
    const subjects = [
      ...(req.uscc ? [{ subjectKind: 'uscc' as const, subjectCode: req.uscc }] : []),
      ...(req.institutionCode ? [{ subjectKind: 'institution' as const, subjectCode: req.institutionCode }] : []),
      ...(req.practitionerCode ? [{ subjectKind: 'practitioner' as const, subjectCode: req.practitionerCode }] : []),
      // Persons are listed by the lookup hash of their ID number (never in the clear).
      ...(req.idNumber ? [{ subjectKind: 'id-card' as const, subjectCode: this.cipher.lookupHash(IdCard.parse(req.idNumber, 'idNumber').value) }] : []),
    ];
    const rows = await this.orm.em
      .fork()
      .find(
        BlacklistEntryEntity,
        { $or: subjects, listedOn: { $lte: today }, $and: [{ $or: [{ until: null }, { until: { $gte: today } }] }] },
        { orderBy: { listedOn: 'asc' } },
      );
    return {
      listed: rows.length > 0,
      entries: rows.map((r) => ({ list: r.list, reason: r.reason, listedOn: r.listedOn, ...(r.until ? { until: r.until } : {}) })),
    };
  }
}
