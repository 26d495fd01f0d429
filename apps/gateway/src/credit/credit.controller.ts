import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type ComplaintView,
  CreditComplaintSubjects,
  CreditPenaltySubjects,
  type PenaltyView,
  CreditInspectionSubjects,
  type InspectionPlanView,
  type InspectorView,
  CREDIT_REPAIR_GROUNDS,
  CreditListSubjects,
  CreditRepairSubjects,
  CreditReferralSubjects,
  JOINT_DEPARTMENTS,
  type ListDecisionView,
  type ListingProposalReply,
  type Page,
  REFERRAL_DEADLINES,
  REFERRAL_REASONS,
  type ReferralAnnualReport,
  type ReferralView,
  type RepairProposalReply,
  REPAIR_GROUNDS,
} from '@mi/contracts';
import { currentActor, MiNatsClient, requireScope } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import {
  AcknowledgeNoticeBody,
  AnnualReportQuery,
  ConcludeReferralBody,
  CreditReferenceDto,
  IdParam,
  IssueReferralBody,
  ListDecisionDto,
  ListDecisionPageDto,
  ListDecisionsQuery,
  ListingProposalDto,
  ListReferralsQuery,
  NoticeParam,
  OpenReferralBody,
  ProposeListingBody,
  ReferralAnnualReportDto,
  SubmitAnnualReportBody,
  ReferralDto,
  ReferralPageDto,
  RepairListingBody,
  RequestCompletionBody,
  SendJointNoticesBody,
  SignReceiptBody,
  SupplementReferralBody,
  TransferReferralBody,
} from './credit.dto';
import { ProposeRepairBody, RepairProposalDto } from './credit-repair.dto';
import { ComplaintDto, ComplaintPageDto, ConcludeComplaintBody, ListComplaintsQuery, SubmitComplaintBody } from './credit-complaint.dto';
import { ListPenaltiesQuery, PenaltyDto, PenaltyPageDto, RecordPenaltyBody } from './credit-penalty.dto';
import {
  CreateInspectionPlanBody,
  DrawInspectionsBody,
  InspectionParam,
  InspectionPlanDto,
  InspectorDto,
  PlanParam,
  RecordInspectionResultsBody,
  UpsertInspectorBody,
} from './credit-inspection.dto';

const OFFICERS = ['province-admin', 'city-officer', 'county-officer'] as const;
/** Bureau officers and the health-commission liaison: the two sides of a referral. */
const REFERRAL_ACTORS = [...OFFICERS, 'health-liaison'] as const;
const READERS = [...REFERRAL_ACTORS, 'reviewer', 'auditor'] as const;

/**
 * `/api/v1/credit/referrals` — 线索移送 between the bureau and the health commission
 * (credit-service). Which department may take a step (issue vs sign the receipt) and region scope
 * are enforced by credit-service: another region's referral is 404, the wrong department 403.
 */
@ApiTags('credit: referrals')
@ApiBearerAuth()
@Controller('api/v1/credit/referrals')
export class CreditReferralsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: '台账 — referrals in the caller’s region from registration to result, filterable by direction, status, year, overdue' })
  @ApiOkResponse({ type: ReferralPageDto })
  list(@Query() q: ListReferralsQuery): Promise<Page<ReferralView>> {
    return this.nats.request(CreditReferralSubjects.list, q);
  }

  @Get('annual-report')
  @Roles(...READERS)
  @ApiOperation({ summary: '年度移送情况报告 of a year (default last year), due by 15 January' })
  @ApiOkResponse({ type: ReferralAnnualReportDto })
  annualReport(@Query() q: AnnualReportQuery): Promise<ReferralAnnualReport> {
    return this.nats.request(CreditReferralSubjects.annualReport, q);
  }

  @Post('annual-report/submissions')
  @HttpCode(201)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'submit the caller’s department’s annual report of a finished year (once; late after 15 January)' })
  @ApiCreatedResponse({ type: ReferralAnnualReportDto })
  submitAnnualReport(@Body() body: SubmitAnnualReportBody): Promise<ReferralAnnualReport> {
    return this.nats.request(CreditReferralSubjects.submitAnnualReport, body);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ReferralDto })
  get(@Param() p: IdParam): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.get, { id: p.id });
  }

  @Post()
  @HttpCode(201)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'register a referral to make (the 7-working-day clock starts at the trigger date)' })
  @ApiCreatedResponse({ type: ReferralDto })
  open(@Body() body: OpenReferralBody): Promise<ReferralView> {
    requireScope(currentActor(), body.admdvs, `referrals of region ${body.admdvs}`);
    return this.nats.request(CreditReferralSubjects.open, body);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'number (×局(委)案移字〔YYYY〕N号) and send — issuing department' })
  @ApiOkResponse({ type: ReferralDto })
  issue(@Param() p: IdParam, @Body() body: IssueReferralBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.issue, { ...body, id: p.id });
  }

  @Post(':id/receipt')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'sign the receipt (回执) — receiving department only' })
  @ApiOkResponse({ type: ReferralDto })
  signReceipt(@Param() p: IdParam, @Body() body: SignReceiptBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.signReceipt, { ...body, id: p.id });
  }

  @Post(':id/completion-request')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: '材料不全: ask the issuer to complete within 3 days (never a refusal) — receiving department' })
  @ApiOkResponse({ type: ReferralDto })
  requestCompletion(@Param() p: IdParam, @Body() body: RequestCompletionBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.requestCompletion, { ...body, id: p.id });
  }

  @Post(':id/supplement')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'hand in the missing materials — issuing department' })
  @ApiOkResponse({ type: ReferralDto })
  supplement(@Param() p: IdParam, @Body() body: SupplementReferralBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.supplement, { ...body, id: p.id });
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'transfer onward to the police or the supervisory commission — receiving department' })
  @ApiOkResponse({ type: ReferralDto })
  transfer(@Param() p: IdParam, @Body() body: TransferReferralBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.transfer, { ...body, id: p.id });
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Roles(...REFERRAL_ACTORS)
  @ApiOperation({ summary: 'record the result (办理结果) — receiving department' })
  @ApiOkResponse({ type: ReferralDto })
  conclude(@Param() p: IdParam, @Body() body: ConcludeReferralBody): Promise<ReferralView> {
    return this.nats.request(CreditReferralSubjects.conclude, { ...body, id: p.id });
  }
}

/**
 * `/api/v1/credit/list-decisions` — 红黑名单 (credit-service): a listing is proposed (202) and
 * recorded when a second officer approves at `/api/v1/approvals/credit`; the publication list;
 * removal (early only on a legal ground); joint-punishment notices sent → acknowledged.
 */
@ApiTags('credit: red/black lists')
@ApiBearerAuth()
@Controller('api/v1/credit/list-decisions')
export class CreditListDecisionsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: '公示名单 — listing decisions in the caller’s region, newest first' })
  @ApiOkResponse({ type: ListDecisionPageDto })
  list(@Query() q: ListDecisionsQuery): Promise<Page<ListDecisionView>> {
    return this.nats.request(CreditListSubjects.list, q);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ type: ListDecisionDto })
  get(@Param() p: IdParam): Promise<ListDecisionView> {
    return this.nats.request(CreditListSubjects.get, { id: p.id });
  }

  @Post()
  @HttpCode(202)
  @Roles(...OFFICERS)
  @ApiAcceptedResponse({ type: ListingProposalDto, description: 'listing proposed; awaiting a second officer' })
  propose(@Body() body: ProposeListingBody): Promise<ListingProposalReply> {
    requireScope(currentActor(), body.admdvs, `listings of region ${body.admdvs}`);
    return this.nats.request(CreditListSubjects.propose, body);
  }

  @Post(':id/repair')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: '移出/信用修复 — refused before the period ends unless a legal ground for early repair applies' })
  @ApiOkResponse({ type: ListDecisionDto })
  repair(@Param() p: IdParam, @Body() body: RepairListingBody): Promise<ListDecisionView> {
    return this.nats.request(CreditListSubjects.repair, { ...body, id: p.id });
  }

  @Post(':id/notices')
  @HttpCode(201)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: '联合惩戒 — record notices sent to other departments' })
  @ApiCreatedResponse({ type: ListDecisionDto })
  sendNotices(@Param() p: IdParam, @Body() body: SendJointNoticesBody): Promise<ListDecisionView> {
    return this.nats.request(CreditListSubjects.sendNotices, { ...body, id: p.id });
  }

  @Post(':id/notices/:noticeId/acknowledge')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOkResponse({ type: ListDecisionDto })
  acknowledge(@Param() p: NoticeParam, @Body() body: AcknowledgeNoticeBody): Promise<ListDecisionView> {
    return this.nats.request(CreditListSubjects.acknowledgeNotice, { ...body, id: p.id, noticeId: p.noticeId });
  }
}

/**
 * `/api/v1/credit/repairs` — 信用修复 of a credit file (credit-service): proposed here (202),
 * applied when a second officer approves at `/api/v1/approvals/credit`. Another region's file is
 * 404; a blacklisted subject before its period ends is 409 CREDIT.BLACKLISTED.
 */
@ApiTags('credit: files')
@ApiBearerAuth()
@Controller('api/v1/credit/repairs')
export class CreditRepairsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post()
  @HttpCode(202)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'apply for a credit repair (grounds as data, evidence); awaits a second officer' })
  @ApiAcceptedResponse({ type: RepairProposalDto, description: 'repair proposed; awaiting a second officer' })
  propose(@Body() body: ProposeRepairBody): Promise<RepairProposalReply> {
    return this.nats.request(CreditRepairSubjects.propose, body);
  }
}

/**
 * `/api/v1/credit/inspectors` and `/api/v1/credit/inspection-plans` — 双随机、一公开
 * (credit-service): the city's inspector pool, the yearly plan, the seeded draw (recorded) and the
 * results, which enter each target's credit file. Another region's plan is 404.
 */
@ApiTags('credit: inspections')
@ApiBearerAuth()
@Controller('api/v1/credit')
export class CreditInspectionsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('inspectors')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'add or update an inspector of the city pool (检查人员名录库), with linked institutions' })
  @ApiOkResponse({ type: InspectorDto })
  upsertInspector(@Body() body: UpsertInspectorBody): Promise<InspectorView> {
    requireScope(currentActor(), body.admdvs, `inspectors of region ${body.admdvs}`);
    return this.nats.request(CreditInspectionSubjects.upsertInspector, body);
  }

  @Post('inspection-plans')
  @HttpCode(201)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'the yearly plan of a city (at least its number of joint special inspections)' })
  @ApiCreatedResponse({ type: InspectionPlanDto })
  createPlan(@Body() body: CreateInspectionPlanBody): Promise<InspectionPlanView> {
    requireScope(currentActor(), body.admdvs, `inspection plans of region ${body.admdvs}`);
    return this.nats.request(CreditInspectionSubjects.createPlan, body);
  }

  @Get('inspection-plans/:planId')
  @Roles(...READERS)
  @ApiOkResponse({ type: InspectionPlanDto })
  getPlan(@Param() p: PlanParam): Promise<InspectionPlanView> {
    return this.nats.request(CreditInspectionSubjects.getPlan, { planId: p.planId });
  }

  @Post('inspection-plans/:planId/draw')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: '双随机 draw of every inspection of the plan, once, with a recorded seed (same seed, same pool → same draw)' })
  @ApiOkResponse({ type: InspectionPlanDto })
  draw(@Param() p: PlanParam, @Body() body: DrawInspectionsBody): Promise<InspectionPlanView> {
    return this.nats.request(CreditInspectionSubjects.draw, { ...body, planId: p.planId });
  }

  @Post('inspection-plans/:planId/inspections/:index/results')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'results of one inspection (one case, several departments’ penalties), into each target’s credit file' })
  @ApiOkResponse({ type: InspectionPlanDto })
  recordResults(@Param() p: InspectionParam, @Body() body: RecordInspectionResultsBody): Promise<InspectionPlanView> {
    return this.nats.request(CreditInspectionSubjects.recordResults, { ...body, planId: p.planId, index: p.index });
  }
}

/**
 * `/api/v1/credit/complaints` — 举报 (credit-service): intake by an officer (anonymous or with a
 * reporter kept encrypted and shown masked), routed to the subject's region, the handling
 * deadline, the conclusion with the reward in fen. Another region's complaint is 404.
 */
@ApiTags('credit: complaints')
@ApiBearerAuth()
@Controller('api/v1/credit/complaints')
export class CreditComplaintsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...OFFICERS, 'auditor')
  @ApiOperation({ summary: 'complaints handled in the caller’s region, newest first, with deadlines and overdue flags' })
  @ApiOkResponse({ type: ComplaintPageDto })
  list(@Query() q: ListComplaintsQuery): Promise<Page<ComplaintView>> {
    return this.nats.request(CreditComplaintSubjects.list, q);
  }

  @Get(':id')
  @Roles(...OFFICERS, 'auditor')
  @ApiOkResponse({ type: ComplaintDto })
  get(@Param() p: IdParam): Promise<ComplaintView> {
    return this.nats.request(CreditComplaintSubjects.get, { id: p.id });
  }

  @Post()
  @HttpCode(201)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'record a complaint (hotline, web, letter, visit); routed to the region handling the subject' })
  @ApiCreatedResponse({ type: ComplaintDto })
  submit(@Body() body: SubmitComplaintBody): Promise<ComplaintView> {
    return this.nats.request(CreditComplaintSubjects.submit, body);
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'conclude: substantiated or not, recovered amount (fen) → reward by the rule (举报奖励)' })
  @ApiOkResponse({ type: ComplaintDto })
  conclude(@Param() p: IdParam, @Body() body: ConcludeComplaintBody): Promise<ComplaintView> {
    return this.nats.request(CreditComplaintSubjects.conclude, { ...body, id: p.id });
  }
}

/**
 * `/api/v1/credit/penalties` — 行政处罚 (credit-service): an officer records a penalty decision of
 * the bureau; it enters the subject's credit file with the weight of its heaviest measure.
 */
@ApiTags('credit: penalties')
@ApiBearerAuth()
@Controller('api/v1/credit/penalties')
export class CreditPenaltiesController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'penalty decisions in the caller’s region, newest first' })
  @ApiOkResponse({ type: PenaltyPageDto })
  list(@Query() q: ListPenaltiesQuery): Promise<Page<PenaltyView>> {
    return this.nats.request(CreditPenaltySubjects.list, q);
  }

  @Post()
  @HttpCode(201)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'record a penalty decision (once per decision number and region) into the subject’s credit file' })
  @ApiCreatedResponse({ type: PenaltyDto })
  record(@Body() body: RecordPenaltyBody): Promise<PenaltyView> {
    return this.nats.request(CreditPenaltySubjects.record, body);
  }
}

/** `/api/v1/credit/reference` — the data behind the forms: referral reasons, repair grounds, joint departments, deadlines. */
@ApiTags('credit: referrals')
@ApiBearerAuth()
@Controller('api/v1/credit/reference')
export class CreditReferenceController {
  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: CreditReferenceDto })
  get(): CreditReferenceDto {
    return {
      referralReasons: REFERRAL_REASONS.map((r) => ({ ...r })),
      repairGrounds: REPAIR_GROUNDS.map((g) => ({ ...g })),
      creditRepairGrounds: CREDIT_REPAIR_GROUNDS.map((g) => ({
        code: g.code,
        text: g.text,
        ...(g.cleanMonths ? { cleanMonths: g.cleanMonths } : {}),
        ...(g.evidence ? { evidence: [...g.evidence] } : {}),
      })),
      jointDepartments: JOINT_DEPARTMENTS.map((d) => ({ ...d })),
      referWithinWorkingDays: REFERRAL_DEADLINES.referWithinWorkingDays,
      completionWithinDays: REFERRAL_DEADLINES.completionWithinDays,
    };
  }
}

/** Portal HTTP routes of credit-service's referrals and red/black lists. */
@Module({
  controllers: [
    CreditReferralsController,
    CreditListDecisionsController,
    CreditRepairsController,
    CreditInspectionsController,
    CreditComplaintsController,
    CreditReferenceController,
    CreditPenaltiesController,
  ],
})
export class CreditHttpModule {}
