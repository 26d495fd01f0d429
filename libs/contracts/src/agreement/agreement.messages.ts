import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { InstitutionCode, InstitutionLevel, InstitutionType, LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { InstitutionPageFilter } from './institution-list.messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const AGREEMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED', 'EXPIRED'] as const;
/** 协议状态 — ACTIVE ⇄ SUSPENDED → TERMINATED (final) | EXPIRED (end of the natural year). */
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * 解除协议的情形 — the 14 grounds of 2号令 Art. 43 (DOMAIN-RULES AGR-11). Ground 1 needs ≥ 2
 * suspensions in the agreement's validity period (or failure to rectify during one).
 */
export const TERMINATION_GROUNDS = {
  1: '协议有效期内累计2次及以上被中止协议或中止期间未按要求整改',
  2: '以弄虚作假等不正当手段申请取得定点',
  3: '经查实有欺诈骗保行为',
  4: '为非定点医药机构或处于中止协议期间的医药机构提供医疗费用结算',
  5: '拒绝、阻挠或不配合经办机构开展智能审核、绩效考核、监督检查',
  6: '重大信息发生变更但未办理变更',
  7: '停业或歇业但未按规定报告',
  8: '重大违规可能造成基金重大损失',
  9: '执业许可被吊销或注销',
  10: '法定代表人、主要负责人或实际控制人不能履行协议或有违法失信行为',
  11: '未依法履行医疗保障行政部门作出的行政处罚决定',
  12: '医药机构主动提出解除且经办机构同意（协商一致）',
  13: '协议约定的其他解除情形',
  14: '法律法规规定的其他情形',
} as const;
export type TerminationGround = keyof typeof TERMINATION_GROUNDS;
export const TERMINATION_GROUND_CODES = Object.keys(TERMINATION_GROUNDS).map(Number) as TerminationGround[];

/**
 * 协议量化指标 (001_…, 7th article) — typed parameters of one agreement. Rates are percentages
 * (0–100, two decimals); money is integer fen as a decimal string; days with one decimal.
 */
export class AgreementIndicators {
  /** 西药备药率 — formulary stocking rate, Western medicines (% ≥). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  westernStockingRatePct?: number;

  /** 中成药备药率 — formulary stocking rate, patent Chinese medicines (% ≥). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  patentChineseStockingRatePct?: number;

  /** 药占比 — drug share of total cost (% ≤). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  drugSharePct?: number;

  /** 个人自费比例 — patient self-pay ratio (% ≤). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  selfPayRatioPct?: number;

  /** 次均住院费用 — cost per admission, fen (≤), as a decimal string. */
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,14})$/, { message: 'costPerAdmissionFen must be a non-negative integer number of fen as a string' })
  costPerAdmissionFen?: string;

  /** 床日费用 — cost per bed-day, fen (≤), as a decimal string. */
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,14})$/, { message: 'costPerBedDayFen must be a non-negative integer number of fen as a string' })
  costPerBedDayFen?: string;

  /** 平均住院日 — average length of stay, days (≤). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(365)
  averageStayDays?: number;

  /** 转诊转院率 — transfer rate (% ≤). */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  transferRatePct?: number;
}

/**
 * `mi.v1.agreement.propose-signing` — gateway (officer) → agreement-service. Proposes the
 * agreement of an application that passed evaluation, or the renewal (续签, AGR-07) for the next
 * natural year of an institution whose agreement of the year before is not terminated (then
 * `applicationId` is its designation's application); a second officer approves it at
 * `/api/v1/approvals/agreement` (action `agreement.sign`). Term: the natural year of `validFrom`
 * (pro rata in the first year). A renewal is proposed only inside the renewal window (default: the
 * last 3 months of the term, per city) and continues the agreement from the day after it ends
 * (`validFrom` defaults to that day; another day is refused). Errors: VALIDATION, NOT_FOUND,
 * AGREEMENT.EVALUATION_NOT_PASSED, AGREEMENT.RENEWAL_WINDOW (details: opensOn, closesOn),
 * AGREEMENT.ALREADY_SIGNED, APPROVAL.ALREADY_PENDING.
 */
export class InstitutionSignatoryDto {
  /** 法定代表人或授权代表姓名. */
  @IsString()
  @Length(1, 50)
  name: string;

  /** 职务, e.g. 法定代表人, 院长, 授权代表. */
  @IsString()
  @Length(1, 50)
  position: string;

  /** The day the institution signed (not after the day the bureau's officer proposes the signing). */
  @ParsedBy((v) => LocalDate.parse(v, 'institutionSignatory.signedOn'))
  signedOn: string;
}

export class ProposeSigningRequest {
  @Matches(UUID, { message: 'applicationId must be a UUID' })
  applicationId: string;

  /** First day of validity (default: today); the term ends on 31 December of that year. */
  @IsOptional()
  @ParsedBy((v) => LocalDate.parse(v, 'validFrom'))
  validFrom?: string;

  @ValidateNested()
  @Type(() => AgreementIndicators)
  indicators: AgreementIndicators;

  /** 个性化条款 — personalised clauses. */
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  clauses?: string;

  /**
   * 乙方签章 — who signed for the institution and when (the agreement is signed by both sides; the
   * bureau's side is this proposal and its approval by a second officer).
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => InstitutionSignatoryDto)
  institutionSignatory?: InstitutionSignatoryDto;

  @IsString()
  @Length(1, 2000)
  reason: string;
}

/**
 * `mi.v1.agreement.propose-suspension` — 中止协议 by the bureau (maker-checker, action
 * `agreement.suspend`). Errors: VALIDATION, NOT_FOUND (also another region), FORBIDDEN.REGION,
 * AGREEMENT.NOT_ACTIVE, AGREEMENT.TERMINATED, AGREEMENT.SUSPENSION_OVERLAP, APPROVAL.ALREADY_PENDING.
 */
export class ProposeSuspensionRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsString()
  @Length(1, 2000)
  reason: string;

  /** 法律依据 / 协议条款, e.g. 《医疗机构医疗保障定点管理暂行办法》第四十二条. */
  @IsString()
  @Length(1, 500)
  legalBasis: string;

  @ParsedBy((v) => LocalDate.parse(v, 'startsOn'))
  startsOn: string;

  /** Last day of the suspension (inclusive). */
  @ParsedBy((v) => LocalDate.parse(v, 'endsOn'))
  endsOn: string;
}

/** `mi.v1.agreement.propose-extension` — extends the running suspension (action `agreement.extend-suspension`). */
export class ProposeExtensionRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => LocalDate.parse(v, 'endsOn'))
  endsOn: string;

  @IsString()
  @Length(1, 2000)
  reason: string;
}

/**
 * `mi.v1.agreement.propose-termination` — 解除协议 (maker-checker, action `agreement.terminate`).
 * Errors: VALIDATION, NOT_FOUND, AGREEMENT.TERMINATED, AGREEMENT.GROUND_NOT_MET.
 */
export class ProposeTerminationRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @Type(() => Number)
  @IsIn(TERMINATION_GROUND_CODES, { message: 'ground must be one of the 14 grounds of 2号令 Art. 43 (1–14)' })
  ground: TerminationGround;

  @IsString()
  @Length(1, 2000)
  reason: string;
}

/**
 * `mi.v1.agreement.request-voluntary-suspension` — recorded by an officer on the institution's
 * written request (AGR-08/09): ≤ 180 days; public hospitals may not. Applies at once (no
 * maker-checker: the institution is the one asking). Errors: AGREEMENT.PUBLIC_HOSPITAL,
 * AGREEMENT.VOLUNTARY_TOO_LONG, AGREEMENT.SUSPENSION_OVERLAP, AGREEMENT.NOT_ACTIVE.
 */
export class RequestVoluntarySuspensionRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsString()
  @Length(1, 2000)
  reason: string;

  @ParsedBy((v) => LocalDate.parse(v, 'startsOn'))
  startsOn: string;

  @ParsedBy((v) => LocalDate.parse(v, 'endsOn'))
  endsOn: string;
}

/**
 * `mi.v1.agreement.request-voluntary-termination` — recorded by an officer on the institution's
 * written request to end its agreement (AGR-08, 2号令 Art. 44): at least 3 months ahead, inside
 * the term (not renewing is no termination), not for public hospitals. The agreement stays in force
 * until `effectiveOn` and is then terminated on ground 12 by the sweeper. Errors:
 * AGREEMENT.PUBLIC_HOSPITAL, AGREEMENT.NOTICE_TOO_SHORT, AGREEMENT.TERMINATION_SCHEDULED,
 * AGREEMENT.TERMINATED, AGREEMENT.NOT_ACTIVE, VALIDATION.
 */
export class RequestVoluntaryTerminationRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsString()
  @Length(2, 2000, { message: 'reason must be 2–2000 characters' })
  reason: string;

  /** First day without an agreement (the termination takes effect at its start, Beijing time). */
  @ParsedBy((v) => LocalDate.parse(v, 'effectiveOn'))
  effectiveOn: string;
}

/**
 * `mi.v1.agreement.withdraw-voluntary-termination` — the institution (through an officer of its
 * region) takes back its scheduled termination (AGR-08) before it takes effect; the agreement simply
 * continues. Errors: VALIDATION, NOT_FOUND, AGREEMENT.NO_TERMINATION_SCHEDULED,
 * AGREEMENT.TERMINATION_IN_EFFECT (its day has begun), AGREEMENT.TERMINATED.
 */
export class WithdrawVoluntaryTerminationRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsString()
  @Length(2, 2000, { message: 'reason must be 2–2000 characters' })
  reason: string;
}

/** `mi.v1.agreement.request-resumption` — ends the institution's voluntary suspension now. */
export class RequestResumptionRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;
}

export class GetAgreementRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;
}

/**
 * `mi.v1.agreement.indicators-in-force` — claims-review-service → agreement-service: the quantified
 * indicators (协议量化指标) of every agreement of one institution that was in force on some day of
 * [`from`, `to`] (both inclusive), oldest first. An agreement's indicators are fixed at signing; targets
 * change only with a new agreement (the renewal for the next natural year, AGR-07, or a new designation
 * after a termination), so the agreements are the indicators' history. Each says the days it was in
 * force: its term, cut at its termination. Errors: VALIDATION, NOT_FOUND (no such institution, or one
 * outside the caller's region).
 */
export class IndicatorsInForceRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @ParsedBy((v) => LocalDate.parse(v, 'from'))
  from: string;

  /** Last day asked about (inclusive), not before `from`. */
  @ParsedBy((v) => LocalDate.parse(v, 'to'))
  to: string;
}

/** One agreement's indicators and the days it was in force. */
export interface AgreementIndicatorsInForceView {
  agreementId: string;
  number: string;
  status: AgreementStatus;
  /** First day in force (`validFrom`). */
  inForceFrom: string;
  /** Last day in force: `validTo`, or the day its termination took effect (the day before when at 00:00). */
  inForceTo: string;
  indicators: AgreementIndicators;
}

export interface IndicatorsInForceView {
  institutionCode: string;
  from: string;
  to: string;
  /** Oldest first; empty when no agreement was in force in the window. */
  agreements: AgreementIndicatorsInForceView[];
}

export class ListAgreementsRequest extends InstitutionPageFilter {
  @IsOptional()
  @IsIn([...AGREEMENT_STATUSES])
  status?: AgreementStatus;

  /** 即将到期 — only agreements in force whose term ends within this many days and that have no next agreement signed yet (to be renewed, AGR-07). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  expiringWithinDays?: number;
}

export const SUSPENSION_KINDS = ['MANDATORY', 'VOLUNTARY', 'POINTS'] as const;
export type SuspensionKind = (typeof SUSPENSION_KINDS)[number];
export const SUSPENSION_STATUSES = ['SCHEDULED', 'ACTIVE', 'ENDED'] as const;
export type SuspensionStatus = (typeof SUSPENSION_STATUSES)[number];

export interface SuspensionView {
  id: string;
  kind: SuspensionKind;
  status: SuspensionStatus;
  reason: string;
  legalBasis: string;
  startsOn: string;
  endsOn: string;
  endedAt?: string;
}

/** One article of an agreement's text (协议条款), numbered at signing. */
export interface AgreementArticleView {
  /** 第一条, 第二条 … */
  no: string;
  key: string;
  title: string;
  text: string;
}

/** The agreement's text from the model agreement (协议范本) of its province and city at signing. */
export interface AgreementTermsView {
  templateId: string;
  version: string;
  title: string;
  articles: AgreementArticleView[];
}

export interface AgreementView {
  id: string;
  number: string;
  /** The application it was signed from (renewals reuse the first designation's). */
  applicationId?: string;
  institutionCode: string;
  institutionName: string;
  institutionType: InstitutionType;
  institutionLevel: InstitutionLevel;
  admdvs: string;
  poolarea: string;
  status: AgreementStatus;
  validFrom: string;
  validTo: string;
  indicators: AgreementIndicators;
  /** Who signed for the institution and when (null when not recorded). */
  institutionSignatory: { name: string; position: string; signedOn: string } | null;
  /** The articles from the model agreement for its category and level (null: signed before model texts were kept). */
  terms: AgreementTermsView | null;
  clauses: string;
  publicHospital: boolean;
  signedAt: string;
  terminatedAt?: string;
  terminationGround?: TerminationGround;
  /** The institution's own termination, scheduled (AGR-08): the agreement ends at the start of this day. */
  terminationScheduledOn?: string;
  suspensions: SuspensionView[];
}

/** Reply of the propose-* subjects: the approval now awaiting a second officer. */
export interface ProposalReply {
  approvalId: string;
  action: string;
  status: 'PENDING';
}
