import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { QueueQuery } from './case.messages';

/**
 * 大额医疗费用手工报销审核 (REV-08, seed 001_… Fuzhou): an insured person's manual reimbursement
 * claim of ≥ 50,000 yuan goes to the working group, which must conclude within 10 working days;
 * smaller doubtful claims may be sent to it too. One case, one file: every investigation step is
 * recorded; the group's conclusion (approve → normal reimbursement; reject → not reimbursed) is
 * approved by the centre's head (a second person) before it takes effect.
 */
export const ManualClaimSubjects = {
  register: 'mi.v1.review.manual-claim.register',
  list: 'mi.v1.review.manual-claim.list',
  get: 'mi.v1.review.manual-claim.get',
  refer: 'mi.v1.review.manual-claim.refer',
  record: 'mi.v1.review.manual-claim.record',
  conclude: 'mi.v1.review.manual-claim.conclude',
} as const;
export const MANUAL_CLAIM_ACTION = 'review.manual-claim-conclusion';
export const MANUAL_CLAIM_CONCLUDED_SUBJECT = 'evt.review.ManualClaimConcluded';
export const MANUAL_CLAIM_OVERDUE_SUBJECT = 'evt.review.ManualClaimOverdue';

export const MANUAL_CLAIM_STATUSES = ['UNDER_REVIEW', 'INVESTIGATING', 'APPROVED', 'REJECTED'] as const;
export type ManualClaimStatus = (typeof MANUAL_CLAIM_STATUSES)[number];
/** 核查方式: 发函协查, 电话核实, 实地核查, 材料审核, 集体研究. */
export const INVESTIGATION_METHODS = ['letter', 'phone', 'on-site', 'documents', 'group-meeting'] as const;
export type InvestigationMethod = (typeof INVESTIGATION_METHODS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FEN = /^[1-9]\d{0,15}$/;

export class InvoiceDto {
  @IsString()
  @Length(1, 40, { message: 'invoiceNo must be 1–40 characters' })
  invoiceNo: string;

  @Matches(FEN, { message: 'amountFen must be a positive integer number of fen' })
  amountFen: string;
}

export class RegisterManualClaimRequest {
  @Matches(/^\d{6}$/, { message: 'admdvs must be the 6-digit region code of the handling office' })
  admdvs: string;

  @Matches(/^[0-9A-Za-z]{1,30}$/, { message: 'psnNo must be the insured person number (人员编号)' })
  psnNo: string;

  @IsIn(['310', '390', '510'], { message: 'insutype must be 310, 390 or 510' })
  insutype: string;

  /** 就医机构 — may be outside the province (no institution code then). */
  @IsString()
  @Length(2, 100, { message: 'institutionName must be 2–100 characters' })
  institutionName: string;

  @IsOptional()
  @Matches(/^[A-Z]\d{11}$/, { message: 'institutionCode must be a designated-institution code' })
  institutionCode?: string;

  @Matches(DATE, { message: 'begndate must be yyyy-MM-dd' })
  begndate: string;

  @Matches(DATE, { message: 'enddate must be yyyy-MM-dd' })
  enddate: string;

  /** 医疗费用总额, integer fen; must equal the invoices' sum. */
  @Matches(FEN, { message: 'medfeeSumamtFen must be a positive integer number of fen' })
  medfeeSumamtFen: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'invoices must list at least one invoice' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InvoiceDto)
  invoices: InvoiceDto[];
}

export class ListManualClaimsRequest extends QueueQuery {
  @IsOptional()
  @IsIn(MANUAL_CLAIM_STATUSES, { message: `status must be one of ${MANUAL_CLAIM_STATUSES.join(', ')}` })
  status?: ManualClaimStatus;
}

export class ManualClaimIdRequest {
  @IsUUID('all', { message: 'claimId must be a UUID' })
  claimId: string;
}

/** Why a claim under the threshold is doubtful (e.g. 发票真实性存疑). */
export class ReferBody {
  @IsString()
  @Length(4, 1000, { message: 'reason must be 4–1000 characters' })
  reason: string;
}

export class ReferManualClaimRequest extends ReferBody {
  @IsUUID('all', { message: 'claimId must be a UUID' })
  claimId: string;
}

/** One investigation step (发函协查, 电话核实, 实地核查, 材料审核, 集体研究). */
export class InvestigationBody {
  @IsIn(INVESTIGATION_METHODS, { message: `method must be one of ${INVESTIGATION_METHODS.join(', ')}` })
  method: InvestigationMethod;

  @IsString()
  @Length(4, 4000, { message: 'note must be 4–4000 characters' })
  note: string;
}

export class RecordInvestigationRequest extends InvestigationBody {
  @IsUUID('all', { message: 'claimId must be a UUID' })
  claimId: string;
}

/** 初步结论 of the group's collective study, with reasons. */
export class ConclusionBody {
  @IsIn(['APPROVE', 'REJECT'], { message: 'outcome must be APPROVE or REJECT' })
  outcome: 'APPROVE' | 'REJECT';

  @IsString()
  @Length(4, 4000, { message: 'conclusion must be 4–4000 characters' })
  conclusion: string;
}

export class ConcludeManualClaimRequest extends ConclusionBody {
  @IsUUID('all', { message: 'claimId must be a UUID' })
  claimId: string;
}

export interface ManualClaimView {
  id: string;
  claimNo: string;
  poolarea: string;
  admdvs: string;
  psnNo: string;
  insutype: string;
  institutionName: string;
  institutionCode: string | null;
  begndate: string;
  enddate: string;
  medfeeSumamtFen: string;
  invoices: { invoiceNo: string; amountFen: string }[];
  route: 'WORKING_GROUP' | 'COUNTER';
  status: ManualClaimStatus;
  groupReason: string | null;
  receivedOn: string;
  dueOn: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  conclusion: string | null;
  approvalId: string | null;
  registeredBy: string;
  records: { seq: number; method: InvestigationMethod; note: string; recordedBy: string; at: string }[];
}

export interface ManualClaimPageView {
  items: ManualClaimView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ManualClaimConcludedPayload {
  claimId: string;
  claimNo: string;
  poolarea: string;
  psnNo: string;
  outcome: 'APPROVE' | 'REJECT';
  medfeeSumamtFen: string;
  concludedOn: string;
}
