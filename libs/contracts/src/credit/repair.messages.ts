import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsString, Length } from 'class-validator';

/**
 * 信用修复 — a repair application for an institution's or a practitioner's credit file: grounds
 * (as data), evidence, approved by a second officer (maker-checker, action `credit.repair-file`,
 * decided at /api/v1/approvals/credit). The approved repair is a REPAIR entry in the file restoring
 * part of the score per the city's rule. A subject on the serious-dishonesty (black) list cannot
 * be repaired before its listing period ends (CREDIT.BLACKLISTED).
 */
export const CREDIT_REPAIR_ACTION = 'credit.repair-file';

export interface CreditRepairGround {
  code: string;
  text: string;
  /** Months without a new negative entry (violation, deduction, points, suspension …) the ground needs. */
  cleanMonths?: number;
  /** Evidence keys the ground needs (e.g. the training certificate number). */
  evidence?: readonly string[];
}

/** Grounds of a credit repair, as data (Inner Mongolia 2025: repair after 6 clean months; training; rectification). */
export const CREDIT_REPAIR_GROUNDS: readonly CreditRepairGround[] = Object.freeze([
  { code: 'CLEAN-6-MONTHS', text: '最近一次失信记录后连续6个月无新增失信记录', cleanMonths: 6 },
  { code: 'TRAINING-COMPLETED', text: '参加医保政策及信用修复培训并考核合格', evidence: ['certificateNo'] },
  { code: 'RECTIFIED', text: '违规问题整改到位，违规金额已退回，并作出信用承诺', evidence: ['rectificationReportNo', 'commitmentNo'] },
]);
export const CREDIT_REPAIR_GROUND_CODES = CREDIT_REPAIR_GROUNDS.map((g) => g.code);

export const CreditRepairSubjects = {
  /** gateway → credit-service: apply for a credit repair (maker). Reply {@link RepairProposalReply}. */
  propose: 'mi.v1.credit.repair-propose',
} as const;

/**
 * `mi.v1.credit.repair-propose`. Errors: VALIDATION (a ground's evidence missing), NOT_FOUND (no
 * file in the caller's region), FORBIDDEN.ROLE, CREDIT.BLACKLISTED, CREDIT.REPAIR_GROUND_NOT_MET
 * (e.g. fewer than 6 clean months), CREDIT.NOTHING_TO_REPAIR, APPROVAL.ALREADY_PENDING.
 */
export class ProposeRepairRequest {
  @IsIn(['institution', 'practitioner'], { message: 'subjectType must be institution or practitioner' })
  subjectType: 'institution' | 'practitioner';

  @IsString()
  @Length(1, 50)
  subjectCode: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CREDIT_REPAIR_GROUND_CODES.length)
  @ArrayUnique()
  @IsIn(CREDIT_REPAIR_GROUND_CODES, { each: true, message: `grounds must be among ${CREDIT_REPAIR_GROUND_CODES.join(', ')}` })
  grounds: string[];

  /** Ids proving the grounds (certificate number, rectification report, commitment …): key → reference. */
  @IsObject()
  evidence: Record<string, string>;

  @IsString()
  @Length(2, 2000)
  note: string;
}

export interface RepairProposalReply {
  approvalId: string;
  action: string;
  status: 'PENDING';
  /** Points the repair would restore if approved now. */
  restore: number;
}

/** The approved repair (the approval's result). */
export interface CreditRepairView {
  subjectType: 'institution' | 'practitioner';
  subjectCode: string;
  grounds: string[];
  restored: number;
  scoreBefore: number;
  scoreAfter: number;
  levelBefore: string;
  levelAfter: string;
  approvalId: string;
}
