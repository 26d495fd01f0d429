import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IdCard, InstitutionCode, LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { PageRequest } from './registry.messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 五个信息系统 (000_…): an applicant lacking any of them is not admitted. */
export const INFORMATION_SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'] as const;
export type InformationSystem = (typeof INFORMATION_SYSTEMS)[number];

export const OWNERSHIPS = ['public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** Facts the applicant declares; the eligibility rules of the city (data) are checked against them. */
export class ApplicantFacts {
  /** Date the institution opened at its registered address. */
  @ParsedBy((v) => LocalDate.parse(v, 'facts.openedOn'))
  openedOn: string;

  @IsIn([...OWNERSHIPS])
  ownership: Ownership;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  beds?: number;

  /** Physicians whose first registration (第一注册地) is this institution. */
  @IsOptional()
  @IsInt()
  @Min(0)
  firstRegisteredPhysicians?: number;

  /** Has an internal medical-insurance department with full-time staff. */
  @IsOptional()
  @IsBoolean()
  insuranceDepartment?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  pharmacists?: number;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  salesFloorM2?: number;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  warehouseM2?: number;

  @IsArray()
  @ArrayUnique()
  @IsIn([...INFORMATION_SYSTEMS], { each: true })
  informationSystems: InformationSystem[];

  /** 具有24小时提供售药服务能力 — pharmacies; required where the city asks for it (001_… 3rd article). */
  @IsOptional()
  @IsBoolean()
  twentyFourHourService?: boolean;

  /** 营业场所附近参保人员数 — insured persons near the premises; required where the city sets a minimum. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  insuredPersonsNearby?: number;

  /**
   * 一年内发生药品质量或价格违法、违规行为 — a drug price or quality violation in the past year (as the
   * price and drug authorities' inspection certificate states); required where the city asks.
   */
  @IsOptional()
  @IsBoolean()
  priceOrQualityViolationInPastYear?: boolean;

  /** 主要执业范围 — main scope; cosmetic, assisted reproduction, personal care or dental implants are refused. */
  @IsOptional()
  @IsIn(['general', 'cosmetic', 'assisted-reproduction', 'personal-care', 'dental-implant'])
  mainScope?: string;
}

/**
 * `mi.v1.agreement.submit-application` — gateway (officer, on the applicant's behalf) →
 * agreement-service. Checks refusal grounds (each names its rule) and eligibility (data per city);
 * then accepts the application, or lists every missing material in one notice with its
 * 5-working-day deadline. Reply {@link ApplicationView}. Errors: VALIDATION, NOT_FOUND,
 * AGREEMENT.APPLICATION_REFUSED (details.rules[]), AGREEMENT.NOT_ELIGIBLE (details.rules[]),
 * AGREEMENT.APPLICATION_OPEN.
 */
export class SubmitApplicationRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  /** Codes of the materials handed in (see the checklist in the reply). */
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  materials: string[];

  @ValidateNested()
  @Type(() => ApplicantFacts)
  facts: ApplicantFacts;

  /**
   * ID number of the legal representative (法定代表人), if the application names one: checked against
   * the dishonesty lists (AGR-04) and kept only masked — never stored in the clear.
   */
  @IsOptional()
  @ParsedBy((v) => IdCard.parse(v, 'legalRepresentativeIdNumber'))
  legalRepresentativeIdNumber?: string;

  /** ID number of the actual controller (实际控制人), as above. */
  @IsOptional()
  @ParsedBy((v) => IdCard.parse(v, 'controllerIdNumber'))
  controllerIdNumber?: string;
}

export class SupplementApplicationRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  materials: string[];
}

export class EvaluationVote {
  /** Team member (user id or name). */
  @IsString()
  @Length(1, 100)
  member: string;

  @IsBoolean()
  inFavour: boolean;
}

/** 现场评估记录 — what the team saw on site: when, who was there, what they found. */
export class OnSiteEvaluationRecord {
  /** Day of the visit: not before the application was accepted, not after today (Beijing time). */
  @ParsedBy((v) => LocalDate.parse(v, 'onSite.visitedOn'))
  visitedOn: string;

  /** Team members present (each must be in `team`). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  membersPresent: string[];

  /** 评估意见 — the findings, as the team wrote them. */
  @IsString()
  @Length(1, 4000)
  findings: string;
}

/**
 * `mi.v1.agreement.evaluate-application` — the evaluation team's on-site votes (评估); passes
 * with ≥ 2/3 of members in favour, optionally with the on-site record (stored and returned in
 * `evaluation.onSite`). Errors: VALIDATION (a voter or member present not in the team, a visit
 * before acceptance or in the future), AGREEMENT.NOT_ACCEPTED, AGREEMENT.VOTES_INCOMPLETE.
 */
export class EvaluateApplicationRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;

  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  team: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => EvaluationVote)
  votes: EvaluationVote[];

  /** The on-site record (optional, so callers without one keep working). */
  @IsOptional()
  @ValidateNested()
  @Type(() => OnSiteEvaluationRecord)
  onSite?: OnSiteEvaluationRecord;
}

/**
 * `mi.v1.agreement.record-application-fraud` — an officer records that an application was made
 * with false materials (AGR-04): the institution may not apply again for 3 years from discovery.
 * Errors: VALIDATION, NOT_FOUND, AGREEMENT.FRAUD_ALREADY_RECORDED.
 */
export class RecordApplicationFraudRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;

  @ParsedBy((v) => LocalDate.parse(v, 'discoveredOn'))
  discoveredOn: string;

  @IsString()
  @Length(1, 2000)
  note: string;
}

export class ApplicationIdRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;
}

/** `LAPSED`: the missing materials did not arrive by the notice's deadline. */
export const APPLICATION_STATUSES = ['AWAITING_MATERIALS', 'ACCEPTED', 'PASSED', 'FAILED', 'SIGNED', 'LAPSED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface MaterialsNotice {
  /** Every missing material in one notice (一次性告知). */
  missing: { code: string; label: string }[];
  issuedOn: string;
  /** 5 working days after the notice (working-day calendar). */
  deadline: string;
}

/** The evaluation's result as recorded (评估结果); `onSite` when it was recorded with the on-site record. */
export interface ApplicationEvaluation {
  team: string[];
  inFavour: number;
  against: number;
  passed: boolean;
  decidedAt: string;
  /** Decided after the 3-month limit (AGR-03) — recorded for supervision, the result stands. */
  overdue: boolean;
  onSite?: { visitedOn: string; membersPresent: string[]; findings: string };
}

export interface ApplicationView {
  id: string;
  institutionCode: string;
  admdvs: string;
  status: ApplicationStatus;
  materials: string[];
  checklist: { code: string; label: string }[];
  notice?: MaterialsNotice;
  facts: ApplicantFacts;
  submittedAt: string;
  acceptedAt?: string;
  /** 3 months from acceptance, extended by days spent waiting for materials. */
  evaluationDeadline?: string;
  /** AGR-04: fraud found in this application. */
  fraud?: { discoveredOn: string; note: string };
  evaluation?: ApplicationEvaluation;
  /** The persons checked against the dishonesty lists, masked (e.g. `3501**********1234`). */
  legalRepresentativeIdMasked?: string;
  controllerIdMasked?: string;
}

/**
 * `mi.v1.agreement.list-applications` — applications in the caller's region (officers, reviewers,
 * auditors), newest first, optionally by status or institution. Reply `Page<ApplicationView>`.
 */
export class ListApplicationsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...APPLICATION_STATUSES], { message: `status must be one of ${APPLICATION_STATUSES.join(', ')}` })
  status?: ApplicationStatus;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;
}
