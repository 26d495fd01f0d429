import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AgreementSubjects,
  BindTerminalRequest,
  type AgreementView,
  type ApplicationView,
  type InfoChangeProposalView,
  type InfoChangeView,
  DeductPointsRequest,
  GetPointsRequest,
  type LicenceView,
  ListAgreementsRequest,
  ListApplicationsRequest,
  ListLicencesRequest,
  ListPointsProposalsRequest,
  ListPublicationsRequest,
  ListPractitionersRequest,
  ListTerminalsRequest,
  PageRequest as PageQuery,
  type Page,
  type PointsProposalView,
  type PointsView,
  type PractitionerView,
  type PublicationView,
  type ProposalReply,
  ProposeSigningRequest,
  RegisterPractitionerRequest,
  SubmitApplicationRequest,
  type TerminalView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import {
  AddLicenceBody,
  EvaluationBody,
  ExtensionBody,
  FraudBody,
  InfoChangeBody,
  InstitutionCodeParam,
  PointsProposalDecisionBody,
  SupplementBody,
  SuspensionBody,
  TerminationBody,
  UnbindTerminalBody,
  UuidParam,
  VoluntarySuspensionBody,
  VoluntaryTerminationBody,
  WithdrawTerminationBody,
} from './agreements.dto';

const OFFICERS = ['province-admin', 'city-officer', 'county-officer'] as const;
const READERS = [...OFFICERS, 'reviewer', 'auditor'] as const;

/**
 * `/api/v1/agreements` — 定点协议 (agreement-service): list and read agreements; propose signing,
 * suspension, extension and termination (answered 202: a second officer approves at
 * `/api/v1/approvals/agreement`); the institution's own suspension and resumption requests.
 * Region scope is enforced by agreement-service (another region's agreement is 404).
 */
@ApiTags('agreements')
@ApiBearerAuth()
@Controller('api/v1/agreements')
export class AgreementsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Agreements in the caller’s region, filterable by status, type, level, region, expiring-soon' })
  list(@Query() q: ListAgreementsRequest): Promise<Page<AgreementView>> {
    return this.nats.request(AgreementSubjects.listAgreements, q);
  }

  @Post()
  @HttpCode(202)
  @Roles(...OFFICERS)
  @ApiAcceptedResponse({ description: 'signing proposed; awaiting a second officer' })
  proposeSigning(@Body() body: ProposeSigningRequest): Promise<ProposalReply> {
    return this.nats.request(AgreementSubjects.proposeSigning, body);
  }

  @Post('points')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: '12分制: deduct points from a pharmacy or practitioner' })
  deduct(@Body() body: DeductPointsRequest): Promise<PointsView> {
    return this.nats.request(AgreementSubjects.deductPoints, body);
  }

  @Get('points-proposals')
  @Roles(...READERS)
  @ApiOperation({ summary: '记分建议: confirmed review violations the points policy leaves to an officer (12分制)' })
  pointsProposals(@Query() q: ListPointsProposalsRequest): Promise<Page<PointsProposalView>> {
    return this.nats.request(AgreementSubjects.listPointsProposals, q);
  }

  @Post('points-proposals/:id/decision')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'confirm (→ a points deduction with its threshold consequence) or dismiss a 记分建议' })
  decidePointsProposal(@Param() p: UuidParam, @Body() body: PointsProposalDecisionBody): Promise<PointsProposalView> {
    return this.nats.request(AgreementSubjects.decidePointsProposal, { ...body, proposalId: p.id });
  }

  @Get('points/:subjectType/:subjectCode')
  @Roles(...READERS)
  points(@Param() p: GetPointsRequest, @Query('year') year?: string): Promise<PointsView> {
    return this.nats.request(AgreementSubjects.getPoints, { ...p, ...(year === undefined ? {} : { year: Number(year) }) });
  }

  @Get(':code')
  @Roles(...READERS)
  get(@Param() p: InstitutionCodeParam): Promise<AgreementView> {
    return this.nats.request(AgreementSubjects.getAgreement, { institutionCode: p.code });
  }

  @Post(':code/suspensions')
  @HttpCode(202)
  @Roles(...OFFICERS)
  @ApiAcceptedResponse({ description: 'suspension proposed; awaiting a second officer' })
  suspend(@Param() p: InstitutionCodeParam, @Body() body: SuspensionBody): Promise<ProposalReply> {
    return this.nats.request(AgreementSubjects.proposeSuspension, { ...body, institutionCode: p.code });
  }

  @Post(':code/suspension-extensions')
  @HttpCode(202)
  @Roles(...OFFICERS)
  extend(@Param() p: InstitutionCodeParam, @Body() body: ExtensionBody): Promise<ProposalReply> {
    return this.nats.request(AgreementSubjects.proposeExtension, { ...body, institutionCode: p.code });
  }

  @Post(':code/termination')
  @HttpCode(202)
  @Roles(...OFFICERS)
  terminate(@Param() p: InstitutionCodeParam, @Body() body: TerminationBody): Promise<ProposalReply> {
    return this.nats.request(AgreementSubjects.proposeTermination, { ...body, institutionCode: p.code });
  }

  @Post(':code/voluntary-suspension')
  @HttpCode(201)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'record the institution’s own suspension request (≤ 180 days, 3 months ahead; not public hospitals)' })
  voluntary(@Param() p: InstitutionCodeParam, @Body() body: VoluntarySuspensionBody): Promise<AgreementView> {
    return this.nats.request(AgreementSubjects.requestVoluntarySuspension, { ...body, institutionCode: p.code });
  }

  @Post(':code/voluntary-termination')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'record the institution’s own termination (3 months ahead, inside the term; not public hospitals); applied on the day' })
  voluntaryTermination(@Param() p: InstitutionCodeParam, @Body() body: VoluntaryTerminationBody): Promise<AgreementView> {
    return this.nats.request(AgreementSubjects.requestVoluntaryTermination, { ...body, institutionCode: p.code });
  }

  @Post(':code/voluntary-termination/withdrawal')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'withdraw the institution’s scheduled termination before the day it takes effect' })
  withdrawVoluntaryTermination(@Param() p: InstitutionCodeParam, @Body() body: WithdrawTerminationBody): Promise<AgreementView> {
    return this.nats.request(AgreementSubjects.withdrawVoluntaryTermination, { ...body, institutionCode: p.code });
  }

  @Post(':code/resumption')
  @HttpCode(200)
  @Roles(...OFFICERS)
  resume(@Param() p: InstitutionCodeParam): Promise<AgreementView> {
    return this.nats.request(AgreementSubjects.requestResumption, { institutionCode: p.code });
  }
}

/** `/api/v1/applications` — 定点申请与评估. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Applications in the caller’s region, newest first, filterable by status and institution' })
  list(@Query() q: ListApplicationsRequest): Promise<Page<ApplicationView>> {
    return this.nats.request(AgreementSubjects.listApplications, q);
  }

  @Post()
  @HttpCode(201)
  @Roles(...OFFICERS)
  submit(@Body() body: SubmitApplicationRequest): Promise<ApplicationView> {
    return this.nats.request(AgreementSubjects.submitApplication, body);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param() p: UuidParam): Promise<ApplicationView> {
    return this.nats.request(AgreementSubjects.getApplication, { id: p.id });
  }

  @Post(':id/materials')
  @HttpCode(200)
  @Roles(...OFFICERS)
  supplement(@Param() p: UuidParam, @Body() body: SupplementBody): Promise<ApplicationView> {
    return this.nats.request(AgreementSubjects.supplementApplication, { ...body, id: p.id });
  }

  @Post(':id/fraud')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'record fraud found in an application (AGR-04: no new application for 3 years)' })
  recordFraud(@Param() p: UuidParam, @Body() body: FraudBody): Promise<ApplicationView> {
    return this.nats.request(AgreementSubjects.recordApplicationFraud, { ...body, id: p.id });
  }

  @Post(':id/evaluation')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary:
      'record the evaluation team’s votes (passes with ≥ 2/3 in favour) and, optionally, the on-site record (现场评估: visitedOn, membersPresent, findings)',
  })
  evaluate(@Param() p: UuidParam, @Body() body: EvaluationBody): Promise<ApplicationView> {
    return this.nats.request(AgreementSubjects.evaluateApplication, { ...body, id: p.id });
  }
}

/** Registry additions: `/api/v1/institutions/:code/licences`, `/api/v1/licences`, `/api/v1/practitioners`, `/api/v1/terminals`. */
@ApiTags('institutions')
@ApiBearerAuth()
@Controller('api/v1')
export class RegistryController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('institutions/:code/licences')
  @HttpCode(201)
  @Roles(...OFFICERS)
  addLicence(@Param() p: InstitutionCodeParam, @Body() body: AddLicenceBody): Promise<LicenceView> {
    return this.nats.request(AgreementSubjects.addLicence, { ...body, institutionCode: p.code });
  }

  @Post('institutions/:code/info-changes')
  @HttpCode(202)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: '重大信息变更 (AGR-06): apply for a change approved elsewhere; deadline 30 working days, late ones flagged; a second officer approves',
  })
  @ApiAcceptedResponse({ description: 'change proposed with its timeliness; awaiting a second officer at /api/v1/approvals/agreement' })
  submitInfoChange(@Param() p: InstitutionCodeParam, @Body() body: InfoChangeBody): Promise<InfoChangeProposalView> {
    return this.nats.request(AgreementSubjects.submitInfoChange, { ...body, institutionCode: p.code });
  }

  @Get('institutions/:code/info-changes')
  @Roles(...READERS)
  @ApiOperation({ summary: 'applied changes of major information of one institution, newest first' })
  infoChanges(@Param() p: InstitutionCodeParam, @Query() q: PageQuery): Promise<Page<InfoChangeView>> {
    return this.nats.request(AgreementSubjects.listInfoChanges, { ...q, institutionCode: p.code });
  }

  @Get('institutions/:code/licences')
  @Roles(...READERS)
  licencesOf(@Param() p: InstitutionCodeParam): Promise<Page<LicenceView>> {
    return this.nats.request(AgreementSubjects.listLicences, { institutionCode: p.code, limit: 200 });
  }

  @Get('licences')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Licences in the caller’s region, e.g. ?expiringWithinDays=90' })
  licences(@Query() q: ListLicencesRequest): Promise<Page<LicenceView>> {
    return this.nats.request(AgreementSubjects.listLicences, q);
  }

  @Post('practitioners')
  @HttpCode(201)
  @Roles(...OFFICERS)
  registerPractitioner(@Body() body: RegisterPractitionerRequest): Promise<PractitionerView> {
    return this.nats.request(AgreementSubjects.registerPractitioner, body);
  }

  @Get('practitioners')
  @Roles(...READERS)
  practitioners(@Query() q: ListPractitionersRequest): Promise<Page<PractitionerView>> {
    return this.nats.request(AgreementSubjects.listPractitioners, q);
  }

  @Post('terminals')
  @HttpCode(201)
  @Roles(...OFFICERS)
  bind(@Body() body: BindTerminalRequest): Promise<TerminalView> {
    return this.nats.request(AgreementSubjects.bindTerminal, body);
  }

  @Post('terminals/:id/unbind')
  @HttpCode(200)
  @Roles(...OFFICERS)
  unbind(@Param() p: UuidParam, @Body() body: UnbindTerminalBody): Promise<TerminalView> {
    return this.nats.request(AgreementSubjects.unbindTerminal, { ...body, id: p.id });
  }

  @Get('terminals')
  @Roles(...READERS)
  terminals(@Query() q: ListTerminalsRequest): Promise<Page<TerminalView>> {
    return this.nats.request(AgreementSubjects.listTerminals, q);
  }
}

/** `/api/v1/publications` — 公示/公告: evaluation results, suspensions, terminations and expiries of the caller's city. */
@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/v1/publications')
export class PublicationsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Published decisions of the caller’s city (citywide), newest first, filterable by kind and institution' })
  list(@Query() q: ListPublicationsRequest): Promise<Page<PublicationView>> {
    return this.nats.request(AgreementSubjects.listPublications, q);
  }
}
