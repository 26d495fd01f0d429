import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { Admdvs, LocalDate } from '@mi/domain';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';
import { EvidenceItemDto } from './referral.messages';

/**
 * 行政处罚 — administrative penalty decisions (行政处罚决定书) of the bureau against a designated
 * institution or a practitioner, under 《医疗保障基金使用监督管理条例》 (arts. 38–41). The decision is
 * taken through the bureau's legal procedure outside the platform; recording it puts it in the
 * subject's credit file (一户一档/一人一档) with the city's weight for its heaviest measure, the
 * decision as evidence, and a PenaltyRecorded event — once per decision number and region.
 */

/**
 * Measures of one decision (several may be imposed together — 一案多罚): 警告, 责令退回, 没收违法所得,
 * 罚款, 责令暂停相关责任部门涉及医保基金使用的医药服务, 吊销执业资格/许可.
 */
export const PENALTY_MEASURES = ['WARNING', 'ORDER_REFUND', 'CONFISCATION', 'FINE', 'SUSPEND_SERVICE', 'REVOKE'] as const;
export type PenaltyMeasure = (typeof PENALTY_MEASURES)[number];
export const PENALTY_MEASURE_LABEL: Record<PenaltyMeasure, string> = {
  WARNING: '警告',
  ORDER_REFUND: '责令退回',
  CONFISCATION: '没收违法所得',
  FINE: '罚款',
  SUSPEND_SERVICE: '责令暂停涉及医保基金使用的医药服务',
  REVOKE: '吊销执业资格或许可',
};
/** Measures that are sums of money: their amount is required (integer fen); the others carry none. */
export const MONEY_MEASURES: readonly PenaltyMeasure[] = ['ORDER_REFUND', 'CONFISCATION', 'FINE'];

export const PENALTY_SUBJECT_TYPES = ['institution', 'practitioner'] as const;
export type PenaltySubjectType = (typeof PENALTY_SUBJECT_TYPES)[number];

export const CreditPenaltySubjects = {
  /** gateway → credit-service: record a penalty decision. Reply {@link PenaltyView}. */
  record: 'mi.v1.credit.penalty-record',
  /** gateway → credit-service: penalty decisions of the caller's region, newest first. Reply Page of {@link PenaltyView}. */
  list: 'mi.v1.credit.penalty-list',
} as const;

export const CreditPenaltyEventSubjects = {
  /** A penalty decision was recorded and entered in the subject's credit file. */
  PenaltyRecorded: 'evt.credit.PenaltyRecorded',
} as const;

export class PenaltyMeasureDto {
  @IsIn([...PENALTY_MEASURES])
  kind: PenaltyMeasure;

  /** For 责令退回 / 没收 / 罚款: the amount in integer fen as a decimal string. */
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,14}$/, { message: 'amountFen must be a positive whole number of fen' })
  amountFen?: string;
}

/**
 * `mi.v1.credit.penalty-record` — an officer of the subject's region records a decision.
 * Errors: VALIDATION (which field), FORBIDDEN.ROLE, FORBIDDEN.REGION, NOT_FOUND (an institution
 * without a credit file, i.e. not in the registry), PENALTY.DUPLICATE (decision number already
 * recorded in the region).
 */
export class RecordPenaltyRequest {
  @IsIn([...PENALTY_SUBJECT_TYPES])
  subjectType: PenaltySubjectType;

  /** Institution code (H/P + admdvs + serial) or practitioner code (国家医保医师/药师代码). */
  @IsString()
  @Matches(/^[A-Z][A-Z0-9]{5,29}$/, { message: 'subjectCode must be an institution or practitioner code (capital letters and digits)' })
  subjectCode: string;

  @IsString()
  @Length(1, 200)
  subjectName: string;

  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs: string;

  /** 行政处罚决定书文号, e.g. 榕医保罚〔2026〕12号. */
  @IsString()
  @Length(3, 100)
  decisionNo: string;

  /** Date of the decision (not in the future). */
  @ParsedBy((v) => LocalDate.parse(v, 'decidedOn'))
  decidedOn: string;

  /** 法律依据, e.g. 《医疗保障基金使用监督管理条例》第三十八条. */
  @IsString()
  @Length(2, 500)
  legalBasis: string;

  /** 违法事实. */
  @IsString()
  @Length(2, 4000)
  facts: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => PenaltyMeasureDto)
  measures: PenaltyMeasureDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  evidence?: EvidenceItemDto[];

  /** The review case or referral the decision concludes, if any (shown as evidence). */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  caseRef?: string;
}

export class ListPenaltiesRequest extends PageRequest {
  @IsOptional()
  @IsIn([...PENALTY_SUBJECT_TYPES])
  subjectType?: PenaltySubjectType;

  @IsOptional()
  @IsString()
  @Length(1, 30)
  subjectCode?: string;
}

export interface PenaltyView {
  id: string;
  subjectType: PenaltySubjectType;
  subjectCode: string;
  subjectName: string;
  admdvs: string;
  decisionNo: string;
  decidedOn: string;
  legalBasis: string;
  facts: string;
  measures: { kind: PenaltyMeasure; label: string; amountFen: string | null }[];
  /** Σ of the money measures, integer fen. */
  totalFen: string;
  evidence: { title: string; pages?: number }[];
  caseRef: string | null;
  /** The credit-file entry's score change (the heaviest measure's weight) and the score after it. */
  scoreDelta: number;
  scoreAfter: number;
  recordedBy: string;
  recordedAt: string;
}

export interface PenaltyRecordedPayload {
  penaltyId: string;
  subjectType: PenaltySubjectType;
  subjectCode: string;
  decisionNo: string;
  decidedOn: string;
  measures: PenaltyMeasure[];
  totalFen: string;
}
