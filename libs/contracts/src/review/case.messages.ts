import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EventEnvelopeDto } from '../envelope/event-envelope';

/**
 * 审核案件 — the case workflow of claims review: 初审 → 复审 → 申诉 → 核实 → 处理 → 结案.
 * A case is opened for every settlement the initial (machine) review flagged and for every
 * settlement drawn into the re-review sample; each stage has a deadline in working days.
 */
export const CaseSubjects = {
  list: 'mi.v1.review.case.list',
  get: 'mi.v1.review.case.get',
  assign: 'mi.v1.review.case.assign',
  act: 'mi.v1.review.case.act',
  appeal: 'mi.v1.review.case.appeal',
  precision: 'mi.v1.review.rule-precision',
  attachment: 'mi.v1.review.case.attachment',
} as const;

export const CASE_OVERDUE_SUBJECT = 'evt.review.CaseOverdue';
export const VIOLATION_CONFIRMED_SUBJECT = 'evt.review.ViolationConfirmed';

export const CASE_STAGES = ['INITIAL', 'RE_REVIEW', 'APPEAL', 'VERIFY', 'DISPOSAL', 'CLOSED'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CASE_STAGE_LABELS: Record<CaseStage, string> = {
  INITIAL: '初审',
  RE_REVIEW: '复审',
  APPEAL: '申诉',
  VERIFY: '核实',
  DISPOSAL: '处理',
  CLOSED: '结案',
};
export const CASE_ORIGINS = ['FINDING', 'SAMPLE'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];
/** DEDUCTED: a deduction was approved; WARNED: violation confirmed, no money withheld; DISMISSED: no violation. */
export type CaseOutcome = 'DEDUCTED' | 'WARNED' | 'DISMISSED';

/**
 * What a reviewer does to a case at its stage:
 * - `escalate` (初审 → 复审), by the first reviewer;
 * - `notify` (复审 → 申诉): the suspect findings and amount are notified to the institution, which may
 *   appeal within the appeal window — by a reviewer other than the one who escalated (分人负责);
 * - `uphold` / `overturn` (核实, after an appeal): the appeal is rejected (→ 处理) or accepted (结案);
 * - `dismiss` (初审, 复审): no violation, the case closes;
 * - `close-without-deduction` (处理): violation confirmed, nothing withheld (e.g. 约谈/warning).
 * A deduction itself is proposed at `mi.v1.review.propose-deduction` with the `caseId` and closes
 * the case when a second person approves it.
 */
export const CASE_ACTIONS = ['escalate', 'notify', 'uphold', 'overturn', 'dismiss', 'close-without-deduction'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_MAX_BULK = 200;

/** A work queue's query (query string or message): overdue only, page, page size. */
export class QueueQuery {
  /** Only items past their deadline. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer ≥ 1' })
  @Min(1, { message: 'page must be an integer ≥ 1' })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer 1–200' })
  @Min(1, { message: 'pageSize must be an integer 1–200' })
  @Max(200, { message: 'pageSize must be an integer 1–200' })
  pageSize?: number;
}

export class ListCasesRequest extends QueueQuery {
  @IsOptional()
  @IsIn(CASE_STAGES, { message: `stage must be one of ${CASE_STAGES.join(', ')}` })
  stage?: CaseStage;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  assignee?: string;

  @IsOptional()
  @Matches(/^[A-Z]\d{11}$/, { message: 'institutionCode must be a designated-institution code (e.g. H43010200001)' })
  institutionCode?: string;
}

export class GetCaseRequest {
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;
}

export class GetAttachmentRequest {
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @IsUUID('all', { message: 'attachmentId must be a UUID' })
  attachmentId: string;
}

export interface AttachmentContentView {
  fileName: string;
  contentType: string;
  sha256: string;
  contentBase64: string;
}

export class AssignCasesRequest {
  @IsArray()
  @ArrayMinSize(1, { message: 'caseIds must name at least one case' })
  @ArrayMaxSize(CASE_MAX_BULK, { message: `caseIds: at most ${CASE_MAX_BULK} cases at a time` })
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds: string[];

  /** The reviewer's username, or null to put the cases back in the shared queue. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  assignee?: string | null;
}

export class CaseActionRequest {
  @IsArray()
  @ArrayMinSize(1, { message: 'caseIds must name at least one case' })
  @ArrayMaxSize(CASE_MAX_BULK, { message: `caseIds: at most ${CASE_MAX_BULK} cases at a time` })
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds: string[];

  @IsIn(CASE_ACTIONS, { message: `action must be one of ${CASE_ACTIONS.join(', ')}` })
  action: CaseAction;

  /** The stage the reviewer saw; a case that moved meanwhile is refused rather than acted on twice. */
  @IsIn(CASE_STAGES, { message: `expectedStage must be one of ${CASE_STAGES.join(', ')}` })
  expectedStage: CaseStage;

  /** Reason or opinion (审核意见), kept in the case file. */
  @IsString()
  @Length(2, 2000, { message: 'note must be 2–2000 characters' })
  note: string;

  /** `notify`/`uphold` on one case: the findings held to be violations (default: all of the case). */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, message: 'findingIds must be UUIDs' })
  findingIds?: string[];

  /** `notify`/`uphold` on one case: the violation amount in fen (default: the findings' amounts). */
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,15})$/, { message: 'amountFen must be a non-negative integer number of fen' })
  amountFen?: string;
}

export class AppealAttachmentDto {
  @IsString()
  @Length(1, 200, { message: 'fileName must be 1–200 characters' })
  fileName: string;

  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'contentType must be a MIME type' })
  contentType: string;

  @IsBase64({}, { message: 'contentBase64 must be base64' })
  contentBase64: string;
}

/** Total decoded size of an appeal's attachments (NATS messages stay under 1 MB). */
export const APPEAL_MAX_ATTACHMENT_BYTES = 600 * 1024;

/** 申诉 — what the institution says and the evidence it attaches. */
export class AppealBody {
  /** 申诉理由 — the institution's statement. */
  @IsString()
  @Length(5, 4000, { message: 'statement must be 5–4000 characters' })
  statement: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5, { message: 'attachments: at most 5 files' })
  @ValidateNested({ each: true })
  @Type(() => AppealAttachmentDto)
  attachments?: AppealAttachmentDto[];
}

export class AppealCaseRequest extends AppealBody {
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;
}

export class RulePrecisionRequest {
  @Matches(/^\d{6}$/, { message: 'poolarea must be a 6-digit region code' })
  poolarea: string;

  /** yyyy-MM-dd, inclusive; cases closed from this date. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be yyyy-MM-dd' })
  from?: string;
}

export interface CaseSummaryView {
  id: string;
  caseNo: string;
  settlementId: string;
  setlId: string;
  institutionCode: string;
  admdvs: string;
  poolarea: string;
  origin: CaseOrigin;
  stage: CaseStage;
  stageLabel: string;
  outcome: CaseOutcome | null;
  amountFen: string;
  findings: number;
  assignee: string | null;
  openedAt: string;
  stageStartedOn: string;
  /** Stage deadline; null when the working-day calendar has no data for the year it falls in. */
  dueOn: string | null;
  /** Working days left to the deadline (negative: overdue by that many); null as dueOn. */
  workingDaysLeft: number | null;
  overdue: boolean;
  closedAt: string | null;
}

export interface CasePageView {
  items: CaseSummaryView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CaseFindingView {
  id: string;
  ruleId: string;
  ruleVersion: number;
  ruleSet: string;
  severity: string;
  amountFen: string;
  volaCont: string;
  volaEvid: string;
  facts: unknown;
  lineIds: string[];
  outcome: 'CONFIRMED' | 'OVERTURNED' | null;
}

export interface CaseLineView {
  feedetlSn: string;
  hilistCode: string;
  hilistName: string;
  listType: string;
  cnt: string;
  pricFen: string;
  amountFen: string;
  serviceDate: string;
  /** True when a finding of this case names the line. */
  flagged: boolean;
}

export interface CaseEventView {
  seq: number;
  action: string;
  fromStage: CaseStage | null;
  toStage: CaseStage;
  actor: string;
  note: string | null;
  at: string;
}

export interface CaseAttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface CaseDetailView extends CaseSummaryView {
  settlement: {
    setlId: string;
    mdtrtId: string;
    psnNo: string;
    insutype: string;
    medType: string;
    setlDate: string;
    medfeeSumamtFen: string;
    hifpPayFen: string;
    mainDiagnosis: string | null;
    /** 就诊凭证类型 01/02/03 as the HIS sent it (null: not sent). */
    mdtrtCertType: string | null;
    /** 实名核验方式: face, fingerprint, card, e-voucher, none (null: not sent). */
    realNameVerification: string | null;
  };
  findingsDetail: CaseFindingView[];
  lines: CaseLineView[];
  events: CaseEventView[];
  appeal: { statement: string; submittedBy: string; submittedAt: string; attachments: CaseAttachmentView[] } | null;
  escalatedBy: string | null;
  deductionId: string | null;
}

export interface CaseActionReply {
  cases: CaseSummaryView[];
}

export interface RulePrecisionView {
  ruleId: string;
  findings: number;
  confirmed: number;
  overturned: number;
  /** Overturned after the institution's appeal (核实 accepted the appeal). */
  overturnedOnAppeal: number;
  pending: number;
  /** confirmed / (confirmed + overturned), in ‰; null before any decided finding. */
  precisionPermille: number | null;
}

export interface CaseOverduePayload {
  caseId: string;
  caseNo: string;
  stage: CaseStage;
  dueOn: string;
  institutionCode: string;
  assignee: string | null;
}

export class CaseOverduePayloadDto implements CaseOverduePayload {
  @IsUUID()
  caseId: string;

  @IsString()
  caseNo: string;

  @IsIn(CASE_STAGES)
  stage: CaseStage;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueOn: string;

  @IsString()
  institutionCode: string;

  @IsOptional()
  @IsString()
  assignee: string | null;
}

/** 案件超期 — once per case and stage, when the stage deadline has passed. */
export class CaseOverdueEvent extends EventEnvelopeDto<CaseOverduePayloadDto> {
  static readonly TYPE = 'CaseOverdue';

  @IsIn([CaseOverdueEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => CaseOverduePayloadDto)
  payload: CaseOverduePayloadDto;
}

export interface ViolationConfirmedPayload {
  caseId: string;
  caseNo: string;
  settlementId: string;
  setlId: string;
  institutionCode: string;
  poolarea: string;
  /** Practitioners (医保医师 codes) on the flagged lines. */
  practitionerCodes: string[];
  ruleIds: string[];
  severity: string;
  amountFen: string;
  outcome: 'DEDUCTED' | 'WARNED';
  confirmedOn: string;
  /** Settlement date of the violating claim (the year a violation counts in). */
  setlDate?: string;
}

export class ViolationConfirmedPayloadDto implements ViolationConfirmedPayload {
  @IsUUID()
  caseId: string;

  @IsString()
  caseNo: string;

  @IsUUID()
  settlementId: string;

  @IsString()
  setlId: string;

  @IsString()
  institutionCode: string;

  @Matches(/^\d{6}$/)
  poolarea: string;

  @IsArray()
  @IsString({ each: true })
  practitionerCodes: string[];

  @IsArray()
  @IsString({ each: true })
  ruleIds: string[];

  @IsString()
  severity: string;

  @Matches(/^(0|[1-9]\d{0,15})$/)
  amountFen: string;

  @IsIn(['DEDUCTED', 'WARNED'])
  outcome: 'DEDUCTED' | 'WARNED';

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  confirmedOn: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  setlDate?: string;
}

/** 违规确认 — a case closed with a confirmed violation; credit and agreement (points) consume it. */
export class ViolationConfirmedEvent extends EventEnvelopeDto<ViolationConfirmedPayloadDto> {
  static readonly TYPE = 'ViolationConfirmed';

  @IsIn([ViolationConfirmedEvent.TYPE])
  declare type: string;

  @ValidateNested()
  @Type(() => ViolationConfirmedPayloadDto)
  payload: ViolationConfirmedPayloadDto;
}
