import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  AcknowledgeNoticeRequest,
  ConcludeReferralRequest,
  CREDIT_LISTS,
  type EvidenceItem,
  IssueReferralRequest,
  JOINT_DEPARTMENT_CODES,
  JOINT_NOTICE_STATUSES,
  type JointNoticeView,
  LIST_DECISION_STATUSES,
  LIST_SUBJECT_TYPES,
  ListDecisionsRequest,
  type ListDecisionView,
  type ListingProposalReply,
  ListReferralsRequest,
  ONWARD_TARGETS,
  OpenReferralRequest,
  ProposeListingRequest,
  REFERRAL_DEPARTMENTS,
  REFERRAL_DIRECTIONS,
  REFERRAL_OUTCOMES,
  REFERRAL_REASON_CODES,
  REFERRAL_STATUSES,
  REFERRAL_SUBJECT_TYPES,
  type ReferralAnnualReport,
  ReferralAnnualReportRequest,
  SubmitAnnualReportRequest,
  type AnnualReportSubmission,
  type ReferralCount,
  type ReferralLedgerEntry,
  type ReferralView,
  REPAIR_GROUND_CODES,
  RepairListingRequest,
  RequestCompletionRequest,
  SendJointNoticesRequest,
  SignReceiptRequest,
  SupplementReferralRequest,
  TransferReferralRequest,
} from '@mi/contracts';

import { CreditRepairGroundDto } from './credit-repair.dto';

/**
 * HTTP shapes of the credit routes: the contracts' request classes (their class-validator rules)
 * with Swagger metadata added here, and response classes mirroring the contracts' view types
 * (`implements` keeps them in step), so the portal's generated client knows every field.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const date = (description?: string): ApiPropertyOptions => ({ type: String, format: 'date', example: '2026-10-12', ...(description ? { description } : {}) });
const text = (description?: string, example?: string): ApiPropertyOptions => ({
  type: String,
  ...(description ? { description } : {}),
  ...(example ? { example } : {}),
});
const nullable = (o: ApiPropertyOptions): ApiPropertyOptions => ({ ...o, nullable: true }) as ApiPropertyOptions;

/** Adds Swagger metadata to properties a contract class declares (it carries no Swagger decorators itself). */
function documented(cls: Type<unknown>, props: Record<string, ApiPropertyOptions & { optional?: boolean }>): void {
  for (const [key, { optional, ...o }] of Object.entries(props)) {
    (optional ? ApiPropertyOptional(o) : ApiProperty(o))(cls.prototype as object, key);
  }
}

/** A page of `item` as a named Swagger schema (`{ items, total, limit, offset }`). */
export function pageDto(item: Type<unknown>, name: string): Type<unknown> {
  class PageDto {
    @ApiProperty({ type: [item] })
    items: unknown[];
    @ApiProperty({ type: Number })
    total: number;
    @ApiProperty({ type: Number })
    limit: number;
    @ApiProperty({ type: Number })
    offset: number;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}

// ---- path parameters ------------------------------------------------------------------------

export class IdParam {
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;
}

export class NoticeParam extends IdParam {
  @Matches(UUID, { message: 'noticeId must be a UUID' })
  noticeId: string;
}

// ---- referral requests ----------------------------------------------------------------------

export class OpenReferralBody extends OpenReferralRequest {}
documented(OpenReferralBody, {
  direction: { enum: REFERRAL_DIRECTIONS },
  admdvs: text('Region of both departments (同级)', '350100'),
  subjectType: { enum: REFERRAL_SUBJECT_TYPES },
  subjectCode: text('Institution or practitioner code', 'H35010200001'),
  subjectName: text(),
  reasonCodes: { type: [String], enum: REFERRAL_REASON_CODES, description: 'Codes of the direction’s reason list (GET /api/v1/credit/reference)' },
  facts: text('违法违规事实'),
  triggerDate: date('Bureau: date of its penalty decision; commission: date the clue was found'),
  penaltyDecisionNo: { ...text('行政处罚决定书文号'), optional: true },
});

export class EvidenceItemBody {
  @ApiProperty(text('文书或证据名称', '行政处罚决定书'))
  title: string;

  @ApiPropertyOptional({ type: Number, minimum: 1 })
  pages?: number;
}

export class IssueReferralBody extends OmitType(IssueReferralRequest, ['id'] as const) {}
documented(IssueReferralBody, {
  issuerShortName: text('× of ×局(委)案移字〔YYYY〕N号', '榕医保'),
  pages: { type: Number, minimum: 1, description: '案卷页数' },
  evidence: { type: [EvidenceItemBody], description: '有关文书和证据' },
});

export class SignReceiptBody extends OmitType(SignReceiptRequest, ['id'] as const) {}
documented(SignReceiptBody, { signedBy: text('签收人'), note: { ...text(), optional: true } });

export class RequestCompletionBody extends OmitType(RequestCompletionRequest, ['id'] as const) {}
documented(RequestCompletionBody, { missing: text('What is missing; the issuer has 3 days') });

export class SupplementReferralBody extends OmitType(SupplementReferralRequest, ['id'] as const) {}
documented(SupplementReferralBody, { evidence: { type: [EvidenceItemBody] }, addedPages: { type: Number, minimum: 1, optional: true } });

export class TransferReferralBody extends OmitType(TransferReferralRequest, ['id'] as const) {}
documented(TransferReferralBody, {
  target: { enum: ONWARD_TARGETS },
  authority: text('Receiving authority', '福州市公安局'),
  transferredOn: date(),
  reason: text(),
});

export class ConcludeReferralBody extends OmitType(ConcludeReferralRequest, ['id'] as const) {}
documented(ConcludeReferralBody, { outcome: { enum: REFERRAL_OUTCOMES }, result: text('办理结果'), concludedOn: date() });

export class ListReferralsQuery extends ListReferralsRequest {}
documented(ListReferralsQuery, {
  direction: { enum: REFERRAL_DIRECTIONS, optional: true },
  status: { enum: REFERRAL_STATUSES, optional: true },
  overdue: { enum: ['true', 'false'], optional: true },
  year: { type: Number, optional: true },
  limit: { type: Number, minimum: 1, maximum: 200, optional: true },
  offset: { type: Number, minimum: 0, optional: true },
});

export class AnnualReportQuery extends ReferralAnnualReportRequest {}
documented(AnnualReportQuery, {
  year: { type: Number, optional: true, description: 'Default: last year' },
  issuer: { enum: REFERRAL_DEPARTMENTS, optional: true },
});

// ---- referral responses ---------------------------------------------------------------------

export class ReasonDto {
  @ApiProperty(text(undefined, 'B2C-4'))
  code: string;
  @ApiProperty(text())
  text: string;
}

export class EvidenceItemDto implements EvidenceItem {
  @ApiProperty(text())
  title: string;
  @ApiPropertyOptional({ type: Number })
  pages?: number;
}

export class OnwardDto {
  @ApiProperty({ enum: ONWARD_TARGETS })
  target: (typeof ONWARD_TARGETS)[number];
  @ApiProperty(text())
  authority: string;
  @ApiProperty(date())
  transferredOn: string;
  @ApiProperty(text())
  reason: string;
}

export class ReferralLedgerEntryDto implements ReferralLedgerEntry {
  @ApiProperty({ type: String, format: 'date-time' })
  at: string;
  @ApiProperty({
    enum: ['OPENED', 'ISSUED', 'RECEIPT_SIGNED', 'COMPLETION_REQUESTED', 'SUPPLEMENTED', 'TRANSFERRED', 'CONCLUDED', 'OVERDUE'],
  })
  kind: ReferralLedgerEntry['kind'];
  @ApiProperty({ enum: [...REFERRAL_DEPARTMENTS, 'SYSTEM'] })
  department: ReferralLedgerEntry['department'];
  @ApiProperty(text())
  by: string;
  @ApiProperty(text())
  note: string;
}

export class ReferralDto implements ReferralView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ enum: REFERRAL_DIRECTIONS })
  direction: ReferralView['direction'];
  @ApiProperty({ enum: REFERRAL_DEPARTMENTS })
  issuer: ReferralView['issuer'];
  @ApiProperty({ enum: REFERRAL_DEPARTMENTS })
  receiver: ReferralView['receiver'];
  @ApiProperty(text())
  admdvs: string;
  @ApiProperty({ enum: REFERRAL_STATUSES })
  status: ReferralView['status'];
  @ApiProperty({ enum: REFERRAL_SUBJECT_TYPES })
  subjectType: ReferralView['subjectType'];
  @ApiProperty(text())
  subjectCode: string;
  @ApiProperty(text())
  subjectName: string;
  @ApiProperty({ type: [ReasonDto] })
  reasons: ReasonDto[];
  @ApiProperty(text())
  facts: string;
  @ApiProperty(nullable(text()))
  penaltyDecisionNo: string | null;
  @ApiProperty(date())
  triggerDate: string;
  @ApiProperty(date('Trigger + 7 working days'))
  dueOn: string;
  @ApiProperty(nullable(text('×局(委)案移字〔YYYY〕N号', '榕医保局案移字〔2026〕1号')))
  documentNumber: string | null;
  @ApiProperty(nullable(date()))
  issuedOn: string | null;
  @ApiProperty({ type: Number, nullable: true })
  pages: number | null;
  @ApiProperty({ type: [EvidenceItemDto] })
  evidence: EvidenceItemDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  receiptSignedAt: string | null;
  @ApiProperty(nullable(text()))
  receiptSignedBy: string | null;
  @ApiProperty(nullable(date()))
  completionRequestedOn: string | null;
  @ApiProperty(nullable(date()))
  completionDueOn: string | null;
  @ApiProperty(nullable(text()))
  completionMissing: string | null;
  @ApiProperty(nullable(date()))
  completedOn: string | null;
  @ApiProperty({ type: OnwardDto, nullable: true })
  onward: OnwardDto | null;
  @ApiProperty({ enum: REFERRAL_OUTCOMES, nullable: true })
  outcome: ReferralView['outcome'];
  @ApiProperty(nullable(text()))
  result: string | null;
  @ApiProperty(nullable(date()))
  concludedOn: string | null;
  @ApiProperty({ type: Boolean })
  referralOverdue: boolean;
  @ApiProperty({ type: Boolean })
  completionOverdue: boolean;
  @ApiProperty({ type: [ReferralLedgerEntryDto] })
  ledger: ReferralLedgerEntryDto[];
}

export const ReferralPageDto = pageDto(ReferralDto, 'ReferralPageDto');

export class ReferralCountDto implements ReferralCount {
  @ApiProperty(text())
  key: string;
  @ApiProperty(text())
  label: string;
  @ApiProperty({ type: Number })
  count: number;
}

export class AnnualReportSubmissionDto implements AnnualReportSubmission {
  @ApiProperty({ enum: REFERRAL_DEPARTMENTS })
  issuer: AnnualReportSubmission['issuer'];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  submittedBy: string | null;
  @ApiProperty({ type: Boolean, description: 'submitted after 15 January' })
  late: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the overdue notice went out' })
  overdueNotifiedAt: string | null;
}

export class SubmitAnnualReportBody extends SubmitAnnualReportRequest {}
documented(SubmitAnnualReportBody, { year: { type: Number, description: 'a finished year; the report of the caller’s department and region' } });

export class ReferralAnnualReportDto implements ReferralAnnualReport {
  @ApiProperty({ type: Number })
  year: number;
  @ApiProperty(text())
  admdvs: string;
  @ApiProperty({ enum: [...REFERRAL_DEPARTMENTS, 'BOTH'] })
  issuer: ReferralAnnualReport['issuer'];
  @ApiProperty(date('15 January of the next year'))
  dueBy: string;
  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt: string;
  @ApiProperty({ type: Number })
  total: number;
  @ApiProperty({ type: [ReferralCountDto] })
  byDirection: ReferralCountDto[];
  @ApiProperty({ type: [ReferralCountDto] })
  byReason: ReferralCountDto[];
  @ApiProperty({ type: [ReferralCountDto] })
  byStatus: ReferralCountDto[];
  @ApiProperty({ type: [ReferralCountDto] })
  byOutcome: ReferralCountDto[];
  @ApiProperty({ type: [ReferralCountDto] })
  onward: ReferralCountDto[];
  @ApiProperty({ type: [ReferralCountDto], description: 'Per region inside the caller’s scope' })
  byRegion: ReferralCountDto[];
  @ApiProperty({ type: Number })
  overdue: number;
  @ApiProperty({ type: Number })
  completionOverdue: number;
  @ApiProperty({ type: Number })
  awaitingReceipt: number;
  @ApiProperty({ type: [AnnualReportSubmissionDto], description: 'each department’s submission (or overdue notice) for this region and year' })
  submissions: AnnualReportSubmissionDto[];
  @ApiProperty({ type: Boolean, description: '15 January passed and a department of the report has not submitted' })
  reportOverdue: boolean;
}

// ---- list decisions -------------------------------------------------------------------------

export class ProposeListingBody extends ProposeListingRequest {}
documented(ProposeListingBody, {
  list: { enum: CREDIT_LISTS },
  subjectType: { enum: LIST_SUBJECT_TYPES },
  subjectCode: text('Institution code, practitioner code, or ID card number of a legal representative / controller'),
  subjectName: text(),
  uscc: { ...text('统一社会信用代码 (institutions)'), optional: true },
  institutionCode: { ...text('The institution a person represents or controls'), optional: true },
  admdvs: text(undefined, '350102'),
  decisionNo: text('认定决定书文号'),
  legalBasis: text('法律依据'),
  reason: text('认定事由'),
  periodStart: date(),
  periodEnd: date('Last day (inclusive)'),
  publicationText: text('公示内容'),
});

export class ListDecisionsQuery extends ListDecisionsRequest {}
documented(ListDecisionsQuery, {
  list: { enum: CREDIT_LISTS, optional: true },
  status: { enum: LIST_DECISION_STATUSES, optional: true },
  limit: { type: Number, minimum: 1, maximum: 200, optional: true },
  offset: { type: Number, minimum: 0, optional: true },
});

export class RepairListingBody extends OmitType(RepairListingRequest, ['id'] as const) {}
documented(RepairListingBody, { ground: { enum: REPAIR_GROUND_CODES }, note: text() });

export class SendJointNoticesBody extends OmitType(SendJointNoticesRequest, ['id'] as const) {}
documented(SendJointNoticesBody, { departments: { type: [String], enum: JOINT_DEPARTMENT_CODES } });

export class AcknowledgeNoticeBody extends OmitType(AcknowledgeNoticeRequest, ['id', 'noticeId'] as const) {}
documented(AcknowledgeNoticeBody, { acknowledgedOn: date(), note: { ...text(), optional: true } });

export class ListingProposalDto implements ListingProposalReply {
  @ApiProperty({ type: String, format: 'uuid', description: 'Decide at /api/v1/approvals/credit/{approvalId}/decide' })
  approvalId: string;
  @ApiProperty(text(undefined, 'credit.list-subject'))
  action: string;
  @ApiProperty({ enum: ['PENDING'] })
  status: 'PENDING';
}

export class JointNoticeDto implements JointNoticeView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ enum: JOINT_DEPARTMENT_CODES })
  department: string;
  @ApiProperty(text())
  departmentName: string;
  @ApiProperty({ enum: JOINT_NOTICE_STATUSES })
  status: JointNoticeView['status'];
  @ApiProperty({ type: String, format: 'date-time' })
  sentAt: string;
  @ApiProperty(nullable(date()))
  acknowledgedOn: string | null;
  @ApiProperty(nullable(text()))
  note: string | null;
}

export class ListDecisionDto implements ListDecisionView {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ enum: CREDIT_LISTS })
  list: ListDecisionView['list'];
  @ApiProperty({ enum: LIST_SUBJECT_TYPES })
  subjectType: ListDecisionView['subjectType'];
  @ApiProperty(text('ID card numbers of persons are masked'))
  subjectCode: string;
  @ApiProperty(text())
  subjectName: string;
  @ApiProperty(nullable(text()))
  uscc: string | null;
  @ApiProperty(nullable(text()))
  institutionCode: string | null;
  @ApiProperty(text())
  admdvs: string;
  @ApiProperty(text())
  decisionNo: string;
  @ApiProperty(text())
  legalBasis: string;
  @ApiProperty(text())
  reason: string;
  @ApiProperty(date())
  periodStart: string;
  @ApiProperty(date())
  periodEnd: string;
  @ApiProperty(text())
  publicationText: string;
  @ApiProperty({ enum: LIST_DECISION_STATUSES })
  status: ListDecisionView['status'];
  @ApiProperty({ type: String, format: 'uuid' })
  approvalId: string;
  @ApiProperty({ type: String, format: 'date-time' })
  decidedAt: string;
  @ApiProperty(nullable(date()))
  endedOn: string | null;
  @ApiProperty({ enum: REPAIR_GROUND_CODES, nullable: true })
  repairGround: string | null;
  @ApiProperty(nullable(text()))
  repairNote: string | null;
  @ApiProperty({ type: [JointNoticeDto] })
  notices: JointNoticeDto[];
}

export const ListDecisionPageDto = pageDto(ListDecisionDto, 'ListDecisionPageDto');

// ---- reference data -------------------------------------------------------------------------

export class ReferralReasonDto {
  @ApiProperty(text())
  code: string;
  @ApiProperty({ enum: REFERRAL_DIRECTIONS })
  direction: (typeof REFERRAL_DIRECTIONS)[number];
  @ApiProperty(text())
  text: string;
}

export class RepairGroundDto {
  @ApiProperty(text())
  code: string;
  @ApiProperty(text())
  text: string;
  @ApiProperty({ type: Boolean, description: 'May end a listing before its period ends' })
  early: boolean;
}

export class CodeTextDto {
  @ApiProperty(text())
  code: string;
  @ApiProperty(text())
  text: string;
}

export class CreditReferenceDto {
  @ApiProperty({ type: [ReferralReasonDto] })
  referralReasons: ReferralReasonDto[];
  @ApiProperty({ type: [RepairGroundDto] })
  repairGrounds: RepairGroundDto[];
  @ApiProperty({ type: [CreditRepairGroundDto], description: '信用修复 grounds of a credit file' })
  creditRepairGrounds: CreditRepairGroundDto[];
  @ApiProperty({ type: [CodeTextDto] })
  jointDepartments: CodeTextDto[];
  @ApiProperty({ type: Number, example: 7 })
  referWithinWorkingDays: number;
  @ApiProperty({ type: Number, example: 3 })
  completionWithinDays: number;
}
