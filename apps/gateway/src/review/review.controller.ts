import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AppealBody,
  AppealCaseRequest,
  type ApprovalView,
  AssignCasesRequest,
  type AttachmentContentView,
  type CaseActionReply,
  CaseActionRequest,
  type CaseDetailView,
  type CasePageView,
  CaseSubjects,
  ConcludeManualClaimRequest,
  ConclusionBody,
  InvestigationBody,
  ReferBody,
  ListManualClaimsRequest,
  type ManualClaimPageView,
  ManualClaimSubjects,
  type ManualClaimView,
  RecordInvestigationRequest,
  ReferManualClaimRequest,
  RegisterManualClaimRequest,
  type CaseSummaryView,
  DEDUCTION_SUBJECT,
  DrawSampleRequest,
  AssessIndicatorsRequest,
  type IndicatorAssessmentPageView,
  IndicatorSubjects,
  ListIndicatorAssessmentsRequest,
  ListCasesRequest,
  ProposeDeductionRequest,
  RulePrecisionRequest,
  type RulePrecisionView,
  SAMPLE_SUBJECT,
  type SampleDrawView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

/** `/api/v1/review` — claims review for the bureau (claims-review-service). */
@ApiTags('review')
@ApiBearerAuth()
@Controller('api/v1/review')
export class ReviewController {
  constructor(private readonly nats: MiNatsClient) {}

  /** Draws the ≥ 5 % re-review sample of a month (seed recorded; give it again to reproduce the draw). Each drawn settlement opens a case at 复审. */
  @Roles('city-officer', 'reviewer', 'province-admin')
  @Post('samples')
  draw(@Body() body: DrawSampleRequest): Promise<SampleDrawView> {
    return this.nats.request<SampleDrawView>(SAMPLE_SUBJECT, body, { timeoutMs: 30_000 });
  }

  /**
   * 指标考核与指标性扣款 — assesses a city's institutions for a month (`2026-10`) or quarter (`2026-Q4`)
   * that has ended against the indicators of the agreements in force during it: cost per admission and
   * per bed-day (a breach beyond 5 % becomes a deduction proposal for a second reviewer or city officer
   * at `/api/v1/approvals/review/:id/decide`), drug share, self-pay ratio and average stay (findings,
   * no money). A period is assessed once; asking again answers the stored assessment.
   */
  @Roles('reviewer', 'city-officer')
  @Post('indicator-assessments')
  assessIndicators(@Body() body: AssessIndicatorsRequest): Promise<IndicatorAssessmentPageView> {
    return this.nats.request<IndicatorAssessmentPageView>(IndicatorSubjects.assess, body, { timeoutMs: 30_000 });
  }

  /** The stored indicator assessment of a period (optionally one institution's), with measures, explanation and approval state. */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('indicator-assessments')
  indicatorAssessments(@Query() q: ListIndicatorAssessmentsRequest): Promise<IndicatorAssessmentPageView> {
    return this.nats.request<IndicatorAssessmentPageView>(IndicatorSubjects.list, q);
  }

  /**
   * Proposes a deduction (扣款) from one settlement — from its review case at 处理 (`caseId`) when it
   * has one; nothing is withheld until a second reviewer or city officer approves it at
   * `/api/v1/approvals/review/:id/decide`, which also closes the case.
   */
  @Roles('reviewer', 'city-officer')
  @Post('deductions')
  proposeDeduction(@Body() body: ProposeDeductionRequest): Promise<ApprovalView> {
    return this.nats.request<ApprovalView>(DEDUCTION_SUBJECT, body);
  }

  /** Review cases (审核案件) of the caller's region: the queue per stage, with working days left to each deadline. */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('cases')
  cases(@Query() q: ListCasesRequest): Promise<CasePageView> {
    return this.nats.request<CasePageView>(CaseSubjects.list, q);
  }

  /** One case: the settlement, its lines (offending ones flagged), findings with rule and facts, history, appeal. */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('cases/:id')
  case(@Param('id', new ParseUUIDPipe()) id: string): Promise<CaseDetailView> {
    return this.nats.request<CaseDetailView>(CaseSubjects.get, { caseId: id });
  }

  /** An appeal attachment as the institution sent it (its SHA-256 in `x-content-sha256`). */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('cases/:id/attachments/:attachmentId')
  async attachment(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const a = await this.nats.request<AttachmentContentView>(CaseSubjects.attachment, { caseId: id, attachmentId });
    await reply
      .header('content-type', a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('x-content-sha256', a.sha256)
      .send(Buffer.from(a.contentBase64, 'base64'));
  }

  /** Assigns cases to a reviewer (or releases them with no assignee) — all or none. */
  @Roles('reviewer', 'city-officer')
  @Post('cases/assign')
  assign(@Body() body: AssignCasesRequest): Promise<CaseActionReply> {
    return this.nats.request<CaseActionReply>(CaseSubjects.assign, body);
  }

  /** A decision on one or many cases at the same stage (escalate, notify, uphold, overturn, dismiss, close-without-deduction) — all or none. */
  @Roles('reviewer', 'city-officer')
  @Post('cases/actions')
  act(@Body() body: CaseActionRequest): Promise<CaseActionReply> {
    return this.nats.request<CaseActionReply>(CaseSubjects.act, body);
  }

  /** Records an institution's paper appeal within the appeal window (institutions appeal from their HIS at `/his/v1/review-cases/:id/appeal`). */
  @Roles('reviewer', 'city-officer')
  @Post('cases/:id/appeal')
  appeal(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AppealBody): Promise<CaseSummaryView> {
    const req: AppealCaseRequest = { caseId: id, statement: body.statement, ...(body.attachments ? { attachments: body.attachments } : {}) };
    return this.nats.request<CaseSummaryView>(CaseSubjects.appeal, req);
  }

  /** Each rule's precision from closed cases: confirmed vs overturned findings (and how many on appeal). */
  @Roles('reviewer', 'city-officer', 'province-admin', 'auditor')
  @Get('rule-precision')
  precision(@Query() q: RulePrecisionRequest): Promise<RulePrecisionView[]> {
    return this.nats.request<RulePrecisionView[]>(CaseSubjects.precision, q);
  }

  /** 手工报销 — registers a manual reimbursement claim; ≥ 50,000 yuan goes to the working group (10 working days). */
  @Roles('reviewer', 'city-officer', 'county-officer')
  @Post('manual-claims')
  registerManualClaim(@Body() body: RegisterManualClaimRequest): Promise<ManualClaimView> {
    return this.nats.request<ManualClaimView>(ManualClaimSubjects.register, body);
  }

  /** The working group's queue with working days left (and overdue files). */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('manual-claims')
  manualClaims(@Query() q: ListManualClaimsRequest): Promise<ManualClaimPageView> {
    return this.nats.request<ManualClaimPageView>(ManualClaimSubjects.list, q);
  }

  /** One file (一案一档): the claim, its invoices, every investigation step, the conclusion. */
  @Roles('reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor')
  @Get('manual-claims/:id')
  manualClaim(@Param('id', new ParseUUIDPipe()) id: string): Promise<ManualClaimView> {
    return this.nats.request<ManualClaimView>(ManualClaimSubjects.get, { claimId: id });
  }

  /** Sends a doubtful claim under the threshold to the working group. */
  @Roles('reviewer', 'city-officer', 'county-officer')
  @Post('manual-claims/:id/refer')
  referManualClaim(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReferBody): Promise<ManualClaimView> {
    const req: ReferManualClaimRequest = { claimId: id, reason: body.reason };
    return this.nats.request<ManualClaimView>(ManualClaimSubjects.refer, req);
  }

  /** Records one investigation step (发函协查, 电话核实, 实地核查, …). */
  @Roles('reviewer', 'city-officer', 'county-officer')
  @Post('manual-claims/:id/records')
  recordInvestigation(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: InvestigationBody): Promise<ManualClaimView> {
    const req: RecordInvestigationRequest = { claimId: id, method: body.method, note: body.note };
    return this.nats.request<ManualClaimView>(ManualClaimSubjects.record, req);
  }

  /** Proposes the group's conclusion; a city officer other than the proposer approves it at `/api/v1/approvals/review/:id/decide`. */
  @Roles('reviewer', 'city-officer', 'county-officer')
  @Post('manual-claims/:id/conclusion')
  concludeManualClaim(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ConclusionBody): Promise<ApprovalView> {
    const req: ConcludeManualClaimRequest = { claimId: id, outcome: body.outcome, conclusion: body.conclusion };
    return this.nats.request<ApprovalView>(ManualClaimSubjects.conclude, req);
  }
}
