import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import {
  type ApprovalView,
  type CapitationProposal,
  CapitationSubjects,
  type CapitationView,
  type CaseGroupingReply,
  CASE_PAYMENT_METHODS,
  type CasePaymentMethod,
  type CasePaymentSchemeProposal,
  type CasePaymentSchemeView,
  CasePaymentSubjects,
  type DipSettlementProposal,
  type DipSettlementView,
  GroupCasesRequest,
  type GroupedCasePage,
  GroupedCaseQuery,
  PageRequest,
  ProposeCapitationRequest,
  ProposeCasePaymentSchemeRequest,
  ProposeDipSettlementRequest,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { CITY_SCALE } from './city-scale';

const READERS = ['province-admin', 'city-officer', 'county-officer', 'auditor'] as const;

export class ProposeCasePaymentSchemeBody extends ProposeCasePaymentSchemeRequest {}
export class GroupCasesBody extends GroupCasesRequest {}
export class GroupedCaseQueryParams extends GroupedCaseQuery {}

/** `:admdvs/:year/:method` of a scheme. */
export class SchemeParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year: string;

  @IsIn(CASE_PAYMENT_METHODS, { message: 'method must be DRG, DIP or BED_DAY' })
  method: CasePaymentMethod;
}

/** `:admdvs/:year` of a DIP settlement. */
export class DipSettlementParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^(20\d{2}|2100)$/, { message: 'year must be 2000–2100' })
  year: string;
}

export class ProposeDipSettlementBody extends ProposeDipSettlementRequest {}
export class ProposeCapitationBody extends ProposeCapitationRequest {}

/** `:admdvs/:period/:insutype` of a month's capitation. */
export class CapitationParam {
  @Matches(/^\d{4}00$/, { message: 'admdvs must be a city (pooling region) code xxxx00' })
  admdvs: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be yyyy-MM' })
  period: string;

  @IsIn(['310', '390'], { message: 'insutype must be 310 or 390' })
  insutype: string;
}

/** `?limit&offset` of a scheme's groups or a settlement's institutions. */
export class SchemeGroupPage extends PageRequest {}

/**
 * `/api/v1/fund/case-payment` — 按病种付费 (DRG / DIP / bed-day) and 按人头付费 in fund-pooling-service: a city officer
 * proposes a year's scheme (rate or budget point value, the institutions with their coefficients,
 * the groups with weights or points; a different officer approves at
 * `/api/v1/approvals/fund/:id/decide`, reading its groups at `/api/v1/approvals/fund/:id/items`),
 * records the grouper's results for discharges (each case grouped, a special case within the cap,
 * a replay, or refused with its code and field), and reads the grouped cases of a month with each
 * case's working. The adjustments reach the institution through the monthly statement's
 * `CASE_PAYMENT` line.
 */
@ApiTags('fund: DRG/DIP, bed-day and capitation payment')
@ApiBearerAuth()
@Controller('api/v1/fund/case-payment')
export class CasePaymentController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('schemes')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary: 'propose a DRG, DIP or bed-day scheme of a pooling region and year (maker); its groups and institutions become the approval’s items',
  })
  @ApiCreatedResponse({ description: 'the pending approval (ApprovalView<CasePaymentSchemeProposal>): the rate in words, counts and digest' })
  proposeScheme(@Body() body: ProposeCasePaymentSchemeBody): Promise<ApprovalView<CasePaymentSchemeProposal>> {
    return this.nats.request(CasePaymentSubjects.proposeScheme, body);
  }

  @Get('schemes/:admdvs/:year/:method')
  @Roles(...READERS)
  @ApiOperation({ summary: 'the scheme in force (latest approved version) with its institutions and a page of its groups' })
  @ApiOkResponse({ description: 'CasePaymentSchemeView' })
  scheme(@Param() p: SchemeParam, @Query() q: SchemeGroupPage): Promise<CasePaymentSchemeView> {
    return this.nats.request(CasePaymentSubjects.scheme, { ...p, year: Number(p.year), ...q });
  }

  @Post('groupings')
  @HttpCode(200)
  @Roles('city-officer')
  @ApiOperation({ summary: 'record the grouper’s results for up to 1,000 discharges; each case is grouped, a replay, or refused with its reason' })
  @ApiOkResponse({ description: 'CaseGroupingReply: one result per case, in order, with the adjustment posted' })
  group(@Body() body: GroupCasesBody): Promise<CaseGroupingReply> {
    return this.nats.request(CasePaymentSubjects.group, body, CITY_SCALE);
  }

  @Post('dip-settlements')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary: 'propose the DIP year-end settlement of an ended year (maker): every grouped DIP case paid again at the settlement point value (结算点值)',
  })
  @ApiCreatedResponse({ description: 'the pending approval (ApprovalView<DipSettlementProposal>); its items are the institutions’ figures' })
  proposeDipSettlement(@Body() body: ProposeDipSettlementBody): Promise<ApprovalView<DipSettlementProposal>> {
    return this.nats.request(CasePaymentSubjects.proposeDipSettlement, body, CITY_SCALE);
  }

  @Get('dip-settlements/:admdvs/:year')
  @Roles(...READERS)
  @ApiOperation({ summary: 'a year’s DIP settlement, as posted or provisional, with a page of its institutions' })
  @ApiOkResponse({ description: 'DipSettlementView' })
  dipSettlement(@Param() p: DipSettlementParam, @Query() q: SchemeGroupPage): Promise<DipSettlementView> {
    return this.nats.request(CasePaymentSubjects.dipSettlement, { admdvs: p.admdvs, year: Number(p.year), ...q });
  }

  @Post('capitations')
  @HttpCode(201)
  @Roles('city-officer')
  @ApiOperation({
    summary:
      'propose an ended month’s capitation (按人头付费, maker): each institution’s enrolled persons × the annual rate ÷ 12 instead of its outpatient item payments',
  })
  @ApiCreatedResponse({ description: 'the pending approval (ApprovalView<CapitationProposal>); its items are the institutions’ lines' })
  proposeCapitation(@Body() body: ProposeCapitationBody): Promise<ApprovalView<CapitationProposal>> {
    return this.nats.request(CapitationSubjects.propose, body, CITY_SCALE);
  }

  @Get('capitations/:admdvs/:period/:insutype')
  @Roles(...READERS)
  @ApiOperation({ summary: 'a posted month’s capitation with a page of its institutions, each with its working' })
  @ApiOkResponse({ description: 'CapitationView' })
  capitation(@Param() p: CapitationParam, @Query() q: SchemeGroupPage): Promise<CapitationView> {
    return this.nats.request(CapitationSubjects.get, { ...p, ...q });
  }

  @Get('cases')
  @Roles(...READERS)
  @ApiOperation({ summary: 'grouped cases of a month (settlement date), each with its working; specialOnly=true lists the special cases for manual review' })
  @ApiOkResponse({ description: 'GroupedCasePage' })
  cases(@Query() q: GroupedCaseQueryParams): Promise<GroupedCasePage> {
    return this.nats.request(CasePaymentSubjects.cases, q);
  }
}
