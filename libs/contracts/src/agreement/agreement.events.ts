import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Admdvs, InstitutionCode, InstitutionLevel, InstitutionType, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { ParsedBy } from '../validation/parsed-by';
import { SUSPENSION_KINDS, type SuspensionKind, TERMINATION_GROUND_CODES, type TerminationGround } from './agreement.messages';
import { POINTS_SUBJECT_TYPES, type PointsSubjectType } from './points.messages';
import { MAJOR_INFO_FIELDS, type MajorInfoField } from './info-change.messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Fields every agreement event payload carries. */
export class AgreementEventBase {
  @Matches(UUID, { message: 'payload.agreementId must be a UUID' })
  agreementId: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  /** City (pooling region): the decision applies citywide (定点互认). */
  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;
}

/** Transitions carry when they took effect; a sweep run late (service down) still reports the due instant. */
export class AgreementTransitionBase extends AgreementEventBase {
  @IsISO8601({ strict: true })
  effectiveAt: string;
}

export class AgreementSignedPayload extends AgreementEventBase {
  @IsString()
  number: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.validFrom'))
  validFrom: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.validTo'))
  validTo: string;
}

/** 协议已签订 — consumed by credit-service, fund-pooling-service, claims-review-service. */
export class AgreementSignedEvent extends EventEnvelopeDto<AgreementSignedPayload> {
  static readonly TYPE = 'AgreementSigned';
  @IsIn([AgreementSignedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => AgreementSignedPayload)
  payload: AgreementSignedPayload;
}

export class InstitutionAdmittedPayload extends AgreementEventBase {
  /** The designation (application that passed evaluation) the institution was admitted on. */
  @Matches(UUID, { message: 'payload.applicationId must be a UUID' })
  applicationId: string;

  @ParsedBy((v) => InstitutionType.parse(v, 'payload.institutionType'))
  institutionType: InstitutionType;

  @ParsedBy((v) => InstitutionLevel.parse(v, 'payload.level'))
  level: InstitutionLevel;

  /** First day it may settle with the fund (the first agreement's `validFrom`). */
  @ParsedBy((v) => LocalDate.parse(v, 'payload.admittedOn'))
  admittedOn: string;
}

/**
 * 定点准入 — the institution became designated: its first agreement from this designation was
 * signed (a renewal signs again but admits no one). Published with that AgreementSigned.
 */
export class InstitutionAdmittedEvent extends EventEnvelopeDto<InstitutionAdmittedPayload> {
  static readonly TYPE = 'InstitutionAdmitted';
  @IsIn([InstitutionAdmittedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => InstitutionAdmittedPayload)
  payload: InstitutionAdmittedPayload;
}

export class AgreementSuspendedPayload extends AgreementTransitionBase {
  @Matches(UUID)
  suspensionId: string;

  @IsIn([...SUSPENSION_KINDS])
  kind: SuspensionKind;

  @IsString()
  reason: string;

  @IsString()
  legalBasis: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.startsOn'))
  startsOn: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.endsOn'))
  endsOn: string;
}

/** 协议已中止 — settlements of the institution are refused citywide from `startsOn`. */
export class AgreementSuspendedEvent extends EventEnvelopeDto<AgreementSuspendedPayload> {
  static readonly TYPE = 'AgreementSuspended';
  @IsIn([AgreementSuspendedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => AgreementSuspendedPayload)
  payload: AgreementSuspendedPayload;
}

export class AgreementResumedPayload extends AgreementTransitionBase {
  @Matches(UUID)
  suspensionId: string;

  /** `period-ended` (automatic) or `institution-request` (voluntary suspension ended early). */
  @IsIn(['period-ended', 'institution-request'])
  cause: 'period-ended' | 'institution-request';
}

/** 协议已恢复 — the suspension ended inside the validity period. */
export class AgreementResumedEvent extends EventEnvelopeDto<AgreementResumedPayload> {
  static readonly TYPE = 'AgreementResumed';
  @IsIn([AgreementResumedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => AgreementResumedPayload)
  payload: AgreementResumedPayload;
}

export class AgreementTerminatedPayload extends AgreementTransitionBase {
  @IsIn(TERMINATION_GROUND_CODES)
  ground: TerminationGround;

  @IsString()
  reason: string;

  /** True when the platform terminated it by itself (voluntary suspension lapsed, 12 points). */
  @IsBoolean()
  automatic: boolean;
}

/** 协议已解除 — final; the institution is published on the terminated list. */
export class AgreementTerminatedEvent extends EventEnvelopeDto<AgreementTerminatedPayload> {
  static readonly TYPE = 'AgreementTerminated';
  @IsIn([AgreementTerminatedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => AgreementTerminatedPayload)
  payload: AgreementTerminatedPayload;
}

export class AgreementExpiredPayload extends AgreementTransitionBase {
  @ParsedBy((v) => LocalDate.parse(v, 'payload.validTo'))
  validTo: string;

  /** A next-year agreement was signed before expiry. */
  @IsBoolean()
  renewed: boolean;
}

/** 协议到期 — the natural year ended. */
export class AgreementExpiredEvent extends EventEnvelopeDto<AgreementExpiredPayload> {
  static readonly TYPE = 'AgreementExpired';
  @IsIn([AgreementExpiredEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => AgreementExpiredPayload)
  payload: AgreementExpiredPayload;
}

export class PointsDeductedPayload {
  @IsIn([...POINTS_SUBJECT_TYPES])
  subjectType: PointsSubjectType;

  @IsString()
  subjectCode: string;

  @IsString()
  item: string;

  @IsInt()
  @Min(1)
  @Max(12)
  points: number;

  @IsInt()
  year: number;

  @IsInt()
  total: number;

  @IsOptional()
  @IsString()
  consequence?: string;
}

/** 记分 — points deducted from a pharmacy or practitioner (12分制). */
export class PointsDeductedEvent extends EventEnvelopeDto<PointsDeductedPayload> {
  static readonly TYPE = 'PointsDeducted';
  @IsIn([PointsDeductedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => PointsDeductedPayload)
  payload: PointsDeductedPayload;
}

export class RegistryChangedPayload {
  @IsIn(['terminal', 'practitioner'])
  kind: 'terminal' | 'practitioner';

  @IsString()
  code: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;
}

/**
 * A practitioner change settlement eligibility depends on (registered, black-listed). Terminals
 * travel as {@link TerminalBoundEvent} / {@link TerminalUnboundEvent}; `kind: 'terminal'` stays
 * valid for events already in the stream.
 */
export class RegistryChangedEvent extends EventEnvelopeDto<RegistryChangedPayload> {
  static readonly TYPE = 'RegistryChanged';
  @IsIn([RegistryChangedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => RegistryChangedPayload)
  payload: RegistryChangedPayload;
}

export class InfoChangeItemPayload {
  @IsIn([...MAJOR_INFO_FIELDS])
  field: MajorInfoField;

  @IsOptional()
  @IsString()
  from: string | null;

  @IsString()
  to: string;
}

export class InstitutionInfoChangedPayload {
  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => Admdvs.parse(v, 'payload.poolarea'))
  poolarea: string;

  @Matches(UUID)
  changeId: string;

  @ValidateNested({ each: true })
  @Type(() => InfoChangeItemPayload)
  changes: InfoChangeItemPayload[];

  @ParsedBy((v) => LocalDate.parse(v, 'payload.approvedOn'))
  approvedOn: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.filedOn'))
  filedOn: string;

  @ParsedBy((v) => LocalDate.parse(v, 'payload.deadline'))
  deadline: string;

  /** Filed after the 30-working-day deadline (AGR-06): credit may score it. */
  @IsBoolean()
  late: boolean;

  @IsInt()
  @Min(0)
  workingDaysLate: number;
}

/** 重大信息变更 — approved and applied to the registry (and the agreement where relevant). */
export class InstitutionInfoChangedEvent extends EventEnvelopeDto<InstitutionInfoChangedPayload> {
  static readonly TYPE = 'InstitutionInfoChanged';
  @IsIn([InstitutionInfoChangedEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => InstitutionInfoChangedPayload)
  payload: InstitutionInfoChangedPayload;
}

export class VoluntaryTerminationPayload extends AgreementEventBase {
  /** The day the termination takes (or would have taken) effect at 00:00 Beijing time. */
  @ParsedBy((v) => LocalDate.parse(v, 'payload.effectiveOn'))
  effectiveOn: string;

  @IsString()
  reason: string;
}

/** 主动解除已申请 — the institution's own termination is scheduled (AGR-08); it applies on `effectiveOn`. */
export class VoluntaryTerminationScheduledEvent extends EventEnvelopeDto<VoluntaryTerminationPayload> {
  static readonly TYPE = 'VoluntaryTerminationScheduled';
  @IsIn([VoluntaryTerminationScheduledEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => VoluntaryTerminationPayload)
  payload: VoluntaryTerminationPayload;
}

/** 主动解除已撤回 — withdrawn before it took effect; the agreement continues. */
export class VoluntaryTerminationWithdrawnEvent extends EventEnvelopeDto<VoluntaryTerminationPayload> {
  static readonly TYPE = 'VoluntaryTerminationWithdrawn';
  @IsIn([VoluntaryTerminationWithdrawnEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => VoluntaryTerminationPayload)
  payload: VoluntaryTerminationPayload;
}

/** Fields both terminal events carry. */
export class TerminalEventBase {
  @Matches(UUID, { message: 'payload.terminalId must be a UUID' })
  terminalId: string;

  @ParsedBy((v) => InstitutionCode.parse(v, 'payload.institutionCode'))
  institutionCode: string;

  /** PSAM card number (what a settlement names its terminal by). */
  @Matches(/^[0-9A-F]{12,20}$/, { message: 'payload.psamNo must be 12–20 upper-case hex digits' })
  psamNo: string;
}

export class TerminalBoundPayload extends TerminalEventBase {
  @IsString()
  ip: string;

  @IsString()
  cashier: string;

  @IsISO8601({ strict: true })
  boundAt: string;
}

/** 终端已绑定 — settlements through this PSAM card are accepted for the institution from `boundAt`. */
export class TerminalBoundEvent extends EventEnvelopeDto<TerminalBoundPayload> {
  static readonly TYPE = 'TerminalBound';
  @IsIn([TerminalBoundEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => TerminalBoundPayload)
  payload: TerminalBoundPayload;
}

export class TerminalUnboundPayload extends TerminalEventBase {
  @IsISO8601({ strict: true })
  unboundAt: string;

  @IsString()
  reason: string;
}

/** 终端已解绑 — settlements through this PSAM card are refused from `unboundAt`. */
export class TerminalUnboundEvent extends EventEnvelopeDto<TerminalUnboundPayload> {
  static readonly TYPE = 'TerminalUnbound';
  @IsIn([TerminalUnboundEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => TerminalUnboundPayload)
  payload: TerminalUnboundPayload;
}
