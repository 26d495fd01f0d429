import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate, Uscc } from '@mi/domain';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 红黑名单 — listing decisions (认定决定) of the bureau: who is listed (an institution, a
 * practitioner, or an institution's legal representative / actual controller), on which list, by
 * which decision and legal basis, for which period, with the text to publish. Listing is
 * maker-checker (action `credit.list-subject`, decided at /api/v1/approvals/credit); black-list
 * decisions in force block admission (mi.v1.credit.blacklist-status) and are notified to other
 * departments for joint punishment (联合惩戒), each notice tracked sent → acknowledged.
 */

/** `red` 守信激励名单; `black` 严重失信名单 (serious dishonesty, joint punishment). */
export const CREDIT_LISTS = ['red', 'black'] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

/** `legal-representative` 法定代表人, `controller` 实际控制人: natural persons, by ID card number. */
export const LIST_SUBJECT_TYPES = ['institution', 'practitioner', 'legal-representative', 'controller'] as const;
export type ListSubjectType = (typeof LIST_SUBJECT_TYPES)[number];

export const LIST_DECISION_STATUSES = ['IN_FORCE', 'ENDED', 'REPAIRED'] as const;
export type ListDecisionStatus = (typeof LIST_DECISION_STATUSES)[number];

export interface RepairGround {
  code: string;
  text: string;
  /** May end a listing before its period ends. */
  early: boolean;
}

/**
 * Grounds for ending a listing (信用修复 / 移出), as data. Before the period ends only the
 * `early` grounds apply (the decision itself fell away); otherwise removal is refused.
 */
export const REPAIR_GROUNDS: readonly RepairGround[] = Object.freeze([
  { code: 'PERIOD-ENDED', text: '公示期满', early: false },
  { code: 'CREDIT-REPAIR', text: '完成信用修复（整改到位、参加培训、6个月无新增违规）', early: false },
  { code: 'DECISION-REVOKED', text: '据以认定的行政处罚决定被依法撤销或变更', early: true },
  { code: 'COURT-ANNULLED', text: '人民法院判决撤销或确认违法', early: true },
  { code: 'WRONG-SUBJECT', text: '认定主体错误或认定依据不成立（复核更正）', early: true },
] satisfies RepairGround[]);
export const REPAIR_GROUND_CODES = REPAIR_GROUNDS.map((g) => g.code);

/** Departments joint-punishment notices go to (联合惩戒), as data. */
export const JOINT_DEPARTMENTS = [
  { code: 'health-commission', text: '卫生健康委员会' },
  { code: 'market-regulation', text: '市场监督管理局' },
  { code: 'public-security', text: '公安局' },
  { code: 'development-reform', text: '发展和改革委员会（信用平台）' },
  { code: 'finance', text: '财政局' },
  { code: 'tax', text: '税务局' },
  { code: 'court', text: '人民法院' },
  { code: 'procuratorate', text: '人民检察院' },
  { code: 'audit', text: '审计局' },
] as const;
export type JointDepartment = (typeof JOINT_DEPARTMENTS)[number]['code'];
export const JOINT_DEPARTMENT_CODES: string[] = JOINT_DEPARTMENTS.map((d) => d.code);

export const JOINT_NOTICE_STATUSES = ['SENT', 'ACKNOWLEDGED'] as const;
export type JointNoticeStatus = (typeof JOINT_NOTICE_STATUSES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const CreditListSubjects = {
  /** gateway → credit-service: propose a listing decision (maker). Reply {@link ListingProposalReply}. */
  propose: 'mi.v1.credit.list-propose',
  /** gateway → credit-service: the publication list (公示名单) in the caller's region. Reply Page of {@link ListDecisionView}. */
  list: 'mi.v1.credit.list-decisions',
  /** gateway → credit-service: one decision with its joint-punishment notices. */
  get: 'mi.v1.credit.list-decision-get',
  /** gateway → credit-service: remove / repair (移出、信用修复). Errors: LIST.PERIOD_NOT_ENDED. */
  repair: 'mi.v1.credit.list-repair',
  /** gateway → credit-service: record joint-punishment notices sent to other departments. */
  sendNotices: 'mi.v1.credit.list-send-notices',
  /** gateway → credit-service: a department acknowledged its notice (回复). */
  acknowledgeNotice: 'mi.v1.credit.list-acknowledge-notice',
} as const;

export const CreditListEventSubjects = {
  /** A listing decision was approved and is recorded (black: admission refused while in force). */
  SubjectListed: 'evt.credit.SubjectListed',
  /** A listing ended early or was repaired (移出). */
  SubjectDelisted: 'evt.credit.SubjectDelisted',
  JointNoticeSent: 'evt.credit.JointNoticeSent',
  JointNoticeAcknowledged: 'evt.credit.JointNoticeAcknowledged',
} as const;

/** The maker-checker action of a listing decision (context `credit`). */
export const CREDIT_LIST_ACTION = 'credit.list-subject';

/**
 * `mi.v1.credit.list-propose` — the maker's step. Subject codes: institution → national
 * institution code (its USCC optional, to block by USCC too); practitioner → practitioner code;
 * legal representative / controller → ID card number. Errors: VALIDATION, FORBIDDEN.ROLE,
 * FORBIDDEN.REGION, APPROVAL.ALREADY_PENDING, LIST.ALREADY_LISTED.
 */
export class ProposeListingRequest {
  @IsIn([...CREDIT_LISTS])
  list: CreditList;

  @IsIn([...LIST_SUBJECT_TYPES])
  subjectType: ListSubjectType;

  @IsString()
  @Length(1, 50)
  subjectCode: string;

  @IsString()
  @Length(1, 200)
  subjectName: string;

  /** For an institution: its USCC (统一社会信用代码), so an application under the USCC is blocked too. */
  @IsOptional()
  @ParsedBy((v) => Uscc.parse(v, 'uscc'))
  uscc?: string;

  /** For a person: the institution they represent or control (institution code). */
  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs: string;

  /** 认定决定书文号. */
  @IsString()
  @Length(1, 100)
  decisionNo: string;

  /** 法律依据, e.g. 《医疗保障基金使用监督管理条例》第三十三条. */
  @IsString()
  @Length(1, 500)
  legalBasis: string;

  /** 认定事由. */
  @IsString()
  @Length(1, 2000)
  reason: string;

  @ParsedBy((v) => LocalDate.parse(v, 'periodStart'))
  periodStart: string;

  /** Last day of the listing (inclusive). */
  @ParsedBy((v) => LocalDate.parse(v, 'periodEnd'))
  periodEnd: string;

  /** 公示内容. */
  @IsString()
  @Length(1, 4000)
  publicationText: string;
}

export interface ListingProposalReply {
  approvalId: string;
  action: string;
  status: 'PENDING';
}

/** `mi.v1.credit.list-decisions` — the publication list, newest first. */
export class ListDecisionsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...CREDIT_LISTS])
  list?: CreditList;

  @IsOptional()
  @IsIn([...LIST_DECISION_STATUSES])
  status?: ListDecisionStatus;
}

export class ListDecisionIdRequest {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;
}

/**
 * `mi.v1.credit.list-repair` — ends a listing. Before `periodEnd` only a ground marked `early`
 * (see {@link REPAIR_GROUNDS}) applies; otherwise LIST.PERIOD_NOT_ENDED. Errors also
 * LIST.NOT_IN_FORCE, NOT_FOUND.
 */
export class RepairListingRequest extends ListDecisionIdRequest {
  @IsIn(REPAIR_GROUND_CODES, { message: `ground must be one of ${REPAIR_GROUND_CODES.join(', ')}` })
  ground: string;

  @IsString()
  @Length(1, 2000)
  note: string;
}

/** `mi.v1.credit.list-send-notices` — one notice per department (a department already notified is refused). */
export class SendJointNoticesRequest extends ListDecisionIdRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(JOINT_DEPARTMENT_CODES, { each: true, message: `departments must be codes of ${JOINT_DEPARTMENT_CODES.join(', ')}` })
  departments: string[];
}

/** `mi.v1.credit.list-acknowledge-notice` — errors: NOT_FOUND, LIST.NOTICE_ALREADY_ACKNOWLEDGED. */
export class AcknowledgeNoticeRequest extends ListDecisionIdRequest {
  @Matches(UUID, { message: 'noticeId must be a UUID' })
  noticeId: string;

  @ParsedBy((v) => LocalDate.parse(v, 'acknowledgedOn'))
  acknowledgedOn: string;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export interface JointNoticeView {
  id: string;
  department: string;
  departmentName: string;
  status: JointNoticeStatus;
  sentAt: string;
  acknowledgedOn: string | null;
  note: string | null;
}

export interface ListDecisionView {
  id: string;
  list: CreditList;
  subjectType: ListSubjectType;
  /** ID card numbers of persons are masked. */
  subjectCode: string;
  subjectName: string;
  uscc: string | null;
  institutionCode: string | null;
  admdvs: string;
  decisionNo: string;
  legalBasis: string;
  reason: string;
  periodStart: string;
  periodEnd: string;
  publicationText: string;
  status: ListDecisionStatus;
  approvalId: string;
  decidedAt: string;
  endedOn: string | null;
  repairGround: string | null;
  repairNote: string | null;
  notices: JointNoticeView[];
}

/** Payload of `evt.credit.SubjectListed|SubjectDelisted` (aggregate id = decision id). */
export interface ListDecisionEventPayload {
  decisionId: string;
  list: CreditList;
  subjectType: ListSubjectType;
  subjectCode: string;
  institutionCode: string | null;
  uscc: string | null;
  periodStart: string;
  periodEnd: string;
  status: ListDecisionStatus;
}

export interface JointNoticeEventPayload {
  decisionId: string;
  noticeId: string;
  department: string;
  status: JointNoticeStatus;
}
