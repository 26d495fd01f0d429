import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Admdvs, LocalDate } from '@mi/domain';
import { EventEnvelopeDto } from '../envelope/event-envelope';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 线索移送 — referrals between the medical-insurance bureau (医保局) and the health commission
 * (卫健委) of the same region (seed 004_…, REF-05): the issuing side numbers the referral
 * (×局(委)案移字〔YYYY〕N号), the receiving side signs a receipt (回执) and may ask for missing
 * materials within 3 days but never refuses; the issuing side refers within 7 working days of its
 * penalty decision (bureau) or of finding the clue (commission); onward transfer to the police or
 * the supervisory commission; a ledger (台账) from receipt to result; an annual report by 15 January.
 */

/** The two departments of a referral. A portal user acts for the commission iff it holds `health-liaison`. */
export const REFERRAL_DEPARTMENTS = ['BUREAU', 'COMMISSION'] as const;
export type ReferralDepartment = (typeof REFERRAL_DEPARTMENTS)[number];

export const REFERRAL_DIRECTIONS = ['BUREAU_TO_COMMISSION', 'COMMISSION_TO_BUREAU'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

/** Who issues and who receives a referral of each direction. */
export const REFERRAL_PARTIES: Record<ReferralDirection, { issuer: ReferralDepartment; receiver: ReferralDepartment }> = {
  BUREAU_TO_COMMISSION: { issuer: 'BUREAU', receiver: 'COMMISSION' },
  COMMISSION_TO_BUREAU: { issuer: 'COMMISSION', receiver: 'BUREAU' },
};

export const DEPARTMENT_NAMES: Record<ReferralDepartment, string> = { BUREAU: '医疗保障局', COMMISSION: '卫生健康委员会' };

export interface ReferralReason {
  code: string;
  direction: ReferralDirection;
  text: string;
}

/**
 * The two reason lists of seed 004_… §二, as data. (一) what the bureau refers to the health
 * commission (violations of clinical norms); (二) what the commission refers to the bureau
 * (suspected misuse or fraud of the fund).
 */
export const REFERRAL_REASONS: readonly ReferralReason[] = Object.freeze([
  { direction: 'BUREAU_TO_COMMISSION', code: 'B2C-1', text: '未执行实名就医和购药管理规定' },
  { direction: 'BUREAU_TO_COMMISSION', code: 'B2C-2', text: '违规安排患者到其他指定地点购买医药耗材等产品' },
  {
    direction: 'BUREAU_TO_COMMISSION',
    code: 'B2C-3',
    text: '除急诊、抢救等特殊情形外，提供医疗保障基金支付范围以外的医药服务的，未经参保人员或者其近亲属、监护人同意',
  },
  {
    direction: 'BUREAU_TO_COMMISSION',
    code: 'B2C-4',
    text: '违反诊疗规范过度诊疗、过度检查、分解处方、超量开药、重复开药或者提供其他不必要的医药服务',
  },
  { direction: 'BUREAU_TO_COMMISSION', code: 'B2C-5', text: '无依据检查、重复检查等不合理检查行为' },
  {
    direction: 'BUREAU_TO_COMMISSION',
    code: 'B2C-6',
    text: '诱导、协助他人冒名或者虚假就医、购药，提供虚假证明材料，或者串通他人虚开费用单据',
  },
  { direction: 'BUREAU_TO_COMMISSION', code: 'B2C-7', text: '其他违反诊疗规范提供的不合理、不必要的医疗服务行为' },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-1', text: '分解住院、挂床住院' },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-2', text: '重复收费、超标准收费、分解项目收费' },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-3', text: '串换药品、医用耗材、诊疗项目和服务设施' },
  {
    direction: 'COMMISSION_TO_BUREAU',
    code: 'C2B-4',
    text: '为参保人员利用其享受医疗保障待遇的机会转卖药品，接受返还现金、实物或者获得其他非法利益提供便利',
  },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-5', text: '将不属于医疗保障基金支付范围的医药费用纳入医疗保障基金结算' },
  {
    direction: 'COMMISSION_TO_BUREAU',
    code: 'C2B-6',
    text: '伪造、变造、隐匿、涂改、销毁医学文书、医学证明、会计凭证、电子信息等有关资料',
  },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-7', text: '虚构医药服务项目' },
  { direction: 'COMMISSION_TO_BUREAU', code: 'C2B-8', text: '造成医保基金损失的其他违法行为或其他骗取医保基金支出的行为' },
] satisfies ReferralReason[]);

export const REFERRAL_REASON_CODES = REFERRAL_REASONS.map((r) => r.code);

/** Deadlines of seed 004_… as data (REF-05 marks them unconfirmed: configuration, not law). */
export const REFERRAL_DEADLINES = {
  /** 7个工作日: bureau after its penalty decision; commission after finding the clue. */
  referWithinWorkingDays: 7,
  /** 3日内补正 (calendar days). */
  completionWithinDays: 3,
  /** Annual report of last year's referrals: by 15 January. */
  annualReportDueMonthDay: '01-15',
} as const;

/**
 * DRAFT: registered when the trigger happened, not yet sent (the 7-working-day clock runs);
 * SENT: numbered and sent, receipt not yet signed; RECEIVED: receipt (回执) signed, being handled;
 * TRANSFERRED: handed on to the police or the supervisory commission; CONCLUDED: result recorded.
 * There is no refused state: incomplete materials lead to a completion request, never a refusal.
 */
export const REFERRAL_STATUSES = ['DRAFT', 'SENT', 'RECEIVED', 'TRANSFERRED', 'CONCLUDED'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_SUBJECT_TYPES = ['institution', 'practitioner'] as const;
export type ReferralSubjectType = (typeof REFERRAL_SUBJECT_TYPES)[number];

/** 移送公安机关 (suspected crime) or 移送监察机关 (public officials, duty crimes). */
export const ONWARD_TARGETS = ['POLICE', 'SUPERVISORY_COMMISSION'] as const;
export type OnwardTarget = (typeof ONWARD_TARGETS)[number];

export const REFERRAL_OUTCOMES = ['PENALIZED', 'DISCIPLINED', 'NO_VIOLATION', 'OTHER'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const CreditReferralSubjects = {
  /** gateway → credit-service: register a referral to be made (DRAFT; the 7-working-day clock starts). Reply {@link ReferralView}. */
  open: 'mi.v1.credit.referral-open',
  /** gateway (issuing department) → credit-service: number and send it (SENT). Reply {@link ReferralView}. */
  issue: 'mi.v1.credit.referral-issue',
  /** gateway (receiving department only) → credit-service: sign the receipt (回执). Reply {@link ReferralView}. */
  signReceipt: 'mi.v1.credit.referral-sign-receipt',
  /** gateway (receiving department) → credit-service: ask for missing materials, due in 3 days. Reply {@link ReferralView}. */
  requestCompletion: 'mi.v1.credit.referral-request-completion',
  /** gateway (issuing department) → credit-service: hand in the missing materials. Reply {@link ReferralView}. */
  supplement: 'mi.v1.credit.referral-supplement',
  /** gateway (receiving department) → credit-service: transfer onward to police / supervisory commission. */
  transfer: 'mi.v1.credit.referral-transfer',
  /** gateway (receiving department) → credit-service: the result of handling (办理结果). */
  conclude: 'mi.v1.credit.referral-conclude',
  /** gateway → credit-service: one referral with its ledger entries; another region's is NOT_FOUND. */
  get: 'mi.v1.credit.referral-get',
  /** gateway → credit-service: the ledger (台账) in the caller's region. Reply Page of {@link ReferralView}. */
  list: 'mi.v1.credit.referral-list',
  /** gateway → credit-service: the annual report of a year's referrals. Reply {@link ReferralAnnualReport}. */
  annualReport: 'mi.v1.credit.referral-annual-report',
  /**
   * gateway → credit-service: submit the caller's department's annual report of a finished year for
   * the caller's region (a snapshot is kept; late after 15 January). Reply {@link ReferralAnnualReport}.
   * Errors: FORBIDDEN.ROLE, REFERRAL.REPORT_SUBMITTED, REFERRAL.YEAR_NOT_ENDED.
   */
  submitAnnualReport: 'mi.v1.credit.referral-annual-report-submit',
} as const;

export const CreditReferralEventSubjects = {
  /** Registered as to be referred; the 7-working-day clock runs. */
  ReferralOpened: 'evt.credit.ReferralOpened',
  ReferralIssued: 'evt.credit.ReferralIssued',
  ReferralReceived: 'evt.credit.ReferralReceived',
  ReferralCompletionRequested: 'evt.credit.ReferralCompletionRequested',
  ReferralSupplemented: 'evt.credit.ReferralSupplemented',
  ReferralTransferred: 'evt.credit.ReferralTransferred',
  ReferralConcluded: 'evt.credit.ReferralConcluded',
  /** A referral or completion deadline passed; published once per referral and deadline. */
  ReferralOverdue: 'evt.credit.ReferralOverdue',
  /** A department submitted its annual report of a year (aggregate id = the submission id). */
  ReferralAnnualReportSubmitted: 'evt.credit.ReferralAnnualReportSubmitted',
  /** 15 January passed without a department's annual report of last year; once per region, year and department. */
  ReferralAnnualReportOverdue: 'evt.credit.ReferralAnnualReportOverdue',
} as const;

export class EvidenceItemDto {
  /** 文书或证据名称, e.g. 行政处罚决定书. */
  @IsString()
  @Length(1, 200)
  title: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  pages?: number;
}

/**
 * `mi.v1.credit.referral-open` — the issuing department registers what must be referred: the
 * subject, the reasons (codes of its direction's list) and the trigger date (bureau: date of its
 * penalty decision; commission: date the clue was found). Due date = trigger + 7 working days.
 * Errors: VALIDATION (reason of the other list), FORBIDDEN.DEPARTMENT, FORBIDDEN.REGION,
 * CALENDAR.YEAR_NOT_CONFIGURED.
 */
export class OpenReferralRequest {
  @IsIn([...REFERRAL_DIRECTIONS])
  direction: ReferralDirection;

  /** Region of both departments (同级). */
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs: string;

  @IsIn([...REFERRAL_SUBJECT_TYPES])
  subjectType: ReferralSubjectType;

  @IsString()
  @Length(1, 50)
  subjectCode: string;

  @IsString()
  @Length(1, 200)
  subjectName: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(REFERRAL_REASON_CODES, { each: true, message: 'reasonCodes must be codes of the referral reason lists' })
  reasonCodes: string[];

  /** 违法违规事实. */
  @IsString()
  @Length(1, 4000)
  facts: string;

  /** Bureau: date of its 行政处罚决定书; commission: date the clue was found. */
  @ParsedBy((v) => LocalDate.parse(v, 'triggerDate'))
  triggerDate: string;

  /** Bureau: the penalty decision number (行政处罚决定书文号). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  penaltyDecisionNo?: string;
}

/**
 * `mi.v1.credit.referral-issue` — numbers the referral in the same transaction
 * (gap-free per issuing authority and year) and sends it. Errors: NOT_FOUND,
 * FORBIDDEN.DEPARTMENT, REFERRAL.NOT_DRAFT.
 */
export class IssueReferralRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;

  /** × of ×局(委)案移字: the issuing authority's short name, e.g. 榕医保 or 榕卫健. */
  @IsString()
  @Matches(/^[\u4e00-\u9fff]{1,10}$/, { message: 'issuerShortName must be 1–10 Chinese characters' })
  issuerShortName: string;

  /** 案卷页数. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  pages: number;

  /** 有关文书和证据. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  evidence: EvidenceItemDto[];
}

export class ReferralIdRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;
}

/** `mi.v1.credit.referral-sign-receipt` — only a user of the receiving department (FORBIDDEN.DEPARTMENT otherwise). */
export class SignReceiptRequest extends ReferralIdRequest {
  /** Who signs for the receiving department (签收人). */
  @IsString()
  @Length(1, 100)
  signedBy: string;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

/** `mi.v1.credit.referral-request-completion` — 材料不全: the issuer has 3 days to complete; the case stays accepted. */
export class RequestCompletionRequest extends ReferralIdRequest {
  /** What is missing. */
  @IsString()
  @Length(1, 2000)
  missing: string;
}

/** `mi.v1.credit.referral-supplement` — the issuing department hands in what was missing. */
export class SupplementReferralRequest extends ReferralIdRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EvidenceItemDto)
  evidence: EvidenceItemDto[];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  addedPages?: number;
}

/** `mi.v1.credit.referral-transfer` — 依法向公安机关 / 监察机关移送. Errors: REFERRAL.NOT_RECEIVED. */
export class TransferReferralRequest extends ReferralIdRequest {
  @IsIn([...ONWARD_TARGETS])
  target: OnwardTarget;

  /** Receiving authority, e.g. 福州市公安局. */
  @IsString()
  @Length(1, 200)
  authority: string;

  @ParsedBy((v) => LocalDate.parse(v, 'transferredOn'))
  transferredOn: string;

  @IsString()
  @Length(1, 2000)
  reason: string;
}

/** `mi.v1.credit.referral-conclude` — 办理结果, closing the ledger line. Errors: REFERRAL.NOT_RECEIVED. */
export class ConcludeReferralRequest extends ReferralIdRequest {
  @IsIn([...REFERRAL_OUTCOMES])
  outcome: ReferralOutcome;

  @IsString()
  @Length(1, 4000)
  result: string;

  @ParsedBy((v) => LocalDate.parse(v, 'concludedOn'))
  concludedOn: string;
}

/** `mi.v1.credit.referral-list` — the ledger (台账), newest first. */
export class ListReferralsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...REFERRAL_DIRECTIONS])
  direction?: ReferralDirection;

  @IsOptional()
  @IsIn([...REFERRAL_STATUSES])
  status?: ReferralStatus;

  /** Only referrals whose 7-working-day or 3-day completion deadline has passed unmet. */
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(9999)
  year?: number;
}

/** `mi.v1.credit.referral-annual-report` — a year's report (default: last year) for the caller's region. */
export class ReferralAnnualReportRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(9999)
  year?: number;

  /** Report of one issuing department (each side reports its own referrals); both when absent. */
  @IsOptional()
  @IsIn([...REFERRAL_DEPARTMENTS])
  issuer?: ReferralDepartment;
}

/** `mi.v1.credit.referral-annual-report-submit` — the issuer is the caller's department, the region the caller's scope. */
export class SubmitAnnualReportRequest {
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(9999)
  year: number;
}

/** A department's submission of its annual report (or, with `submittedAt` null, its overdue notice). */
export interface AnnualReportSubmission {
  issuer: ReferralDepartment;
  submittedAt: string | null;
  submittedBy: string | null;
  /** Submitted after the due date. */
  late: boolean;
  /** When the overdue notice went out (15 January passed unsubmitted), if it did. */
  overdueNotifiedAt: string | null;
}

/** Payload of `evt.credit.ReferralAnnualReport{Submitted,Overdue}`. */
export interface AnnualReportEventPayload {
  admdvs: string;
  year: number;
  issuer: ReferralDepartment;
  dueBy: string;
  submittedAt: string | null;
  late: boolean;
}

export interface EvidenceItem {
  title: string;
  pages?: number;
}

/** One line of the ledger (台账): what happened, when, by whom, for which department. */
export interface ReferralLedgerEntry {
  at: string;
  kind: 'OPENED' | 'ISSUED' | 'RECEIPT_SIGNED' | 'COMPLETION_REQUESTED' | 'SUPPLEMENTED' | 'TRANSFERRED' | 'CONCLUDED' | 'OVERDUE';
  department: ReferralDepartment | 'SYSTEM';
  by: string;
  note: string;
}

export interface ReferralView {
  id: string;
  direction: ReferralDirection;
  issuer: ReferralDepartment;
  receiver: ReferralDepartment;
  admdvs: string;
  status: ReferralStatus;
  subjectType: ReferralSubjectType;
  subjectCode: string;
  subjectName: string;
  reasons: { code: string; text: string }[];
  facts: string;
  penaltyDecisionNo: string | null;
  triggerDate: string;
  /** Trigger + 7 working days (domain calendar: holidays and 调休). */
  dueOn: string;
  /** ×局(委)案移字〔YYYY〕N号, once issued. */
  documentNumber: string | null;
  issuedOn: string | null;
  pages: number | null;
  evidence: EvidenceItem[];
  receiptSignedAt: string | null;
  receiptSignedBy: string | null;
  completionRequestedOn: string | null;
  completionDueOn: string | null;
  completionMissing: string | null;
  completedOn: string | null;
  onward: { target: OnwardTarget; authority: string; transferredOn: string; reason: string } | null;
  outcome: ReferralOutcome | null;
  result: string | null;
  concludedOn: string | null;
  /** The 7-working-day deadline was missed (still a draft after it, or issued after it). */
  referralOverdue: boolean;
  /** Materials were asked for and not handed in within 3 days. */
  completionOverdue: boolean;
  ledger: ReferralLedgerEntry[];
}

export interface ReferralCount {
  key: string;
  label: string;
  count: number;
}

/**
 * 年度移送情况报告 — each side reports to the provincial level by 15 January the referrals it
 * issued the year before and their results (seed 004_… 三(一)3).
 */
export interface ReferralAnnualReport {
  year: number;
  /** The caller's region. */
  admdvs: string;
  issuer: ReferralDepartment | 'BOTH';
  /** yyyy-01-15 of the next year. */
  dueBy: string;
  generatedAt: string;
  /** Referrals issued in the year. */
  total: number;
  byDirection: ReferralCount[];
  byReason: ReferralCount[];
  byStatus: ReferralCount[];
  byOutcome: ReferralCount[];
  onward: ReferralCount[];
  /** Referrals issued per region (county/city) inside the caller's scope, for the provincial summary. */
  byRegion: ReferralCount[];
  /** Issued after their 7-working-day deadline, plus drafts of the year never issued by it. */
  overdue: number;
  /** Completion requests not met within 3 days. */
  completionOverdue: number;
  /** Issued but the receipt is not yet signed. */
  awaitingReceipt: number;
  /** Each reporting department's submission for this region and year (missing: not submitted, no notice yet). */
  submissions: AnnualReportSubmission[];
  /** The due date passed and a department of the report has not submitted. */
  reportOverdue: boolean;
}

/** Payload of `evt.credit.Referral*` events (aggregate id = referral id). */
export class ReferralEventPayload {
  @Matches(UUID)
  referralId: string;

  @IsIn([...REFERRAL_DIRECTIONS])
  direction: ReferralDirection;

  @IsIn([...REFERRAL_STATUSES])
  status: ReferralStatus;

  @IsOptional()
  @IsString()
  documentNumber?: string | null;

  @IsString()
  subjectCode: string;

  /** ReferralOverdue only: which deadline passed. */
  @IsOptional()
  @IsIn(['REFERRAL', 'COMPLETION'])
  deadline?: 'REFERRAL' | 'COMPLETION';

  /** ReferralOverdue only: the date that passed. */
  @IsOptional()
  @ParsedBy((v) => LocalDate.parse(v, 'payload.dueOn'))
  dueOn?: string;
}

/** 移送逾期 — a referral or its completion is past its deadline (once per referral and deadline). */
export class ReferralOverdueEvent extends EventEnvelopeDto<ReferralEventPayload> {
  static readonly TYPE = 'ReferralOverdue';
  @IsIn([ReferralOverdueEvent.TYPE])
  declare type: string;
  @ValidateNested()
  @Type(() => ReferralEventPayload)
  payload: ReferralEventPayload;
}
