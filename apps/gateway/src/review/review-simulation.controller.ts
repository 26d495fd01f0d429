import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import {
  ListSimulationsRequest,
  type SettlementFindingsView,
  type SettlementFindingView,
  SIMULATION_STATUSES,
  type SimulationDiffRow,
  type SimulationInstitutionRow,
  type SimulationJobPageView,
  type SimulationJobView,
  type SimulationReport,
  type SimulationRuleRow,
  type SimulationShadowRow,
  type SimulationStatus,
  SimulationSubjects,
  type SimulationTally,
  StartSimulationRequest,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

/** Simulations: the city's officers and reviewers (and the province). */
const SIMULATORS = ['city-officer', 'reviewer', 'province-admin'] as const;

export class SimulationTallyDto implements SimulationTally {
  @ApiProperty({ description: 'settlements flagged' }) settlements: number;
  @ApiProperty({ description: 'distinct fee lines the findings name' }) lines: number;
  @ApiProperty({ description: 'amount at stake, fen (decimal string)' }) amountFen: string;
}

export class SimulationDiffDto implements SimulationDiffRow {
  @ApiProperty({ type: SimulationTallyDto, description: 'what the candidate set flags' }) candidate: SimulationTallyDto;
  @ApiProperty({ type: SimulationTallyDto, description: 'what the published sets flagged (stored findings)' }) published: SimulationTallyDto;
  @ApiProperty({ type: SimulationTallyDto, description: 'settlements only the candidate flags (candidate amounts)' }) added: SimulationTallyDto;
  @ApiProperty({ type: SimulationTallyDto, description: 'settlements only the published set flagged (published amounts)' }) removed: SimulationTallyDto;
}

export class SimulationRuleRowDto extends SimulationDiffDto implements SimulationRuleRow {
  @ApiProperty() ruleId: string;
  @ApiProperty({ enum: ['candidate', 'published', 'both'] }) presence: SimulationRuleRow['presence'];
}

export class SimulationInstitutionRowDto extends SimulationDiffDto implements SimulationInstitutionRow {
  @ApiProperty() institutionCode: string;
}

export class SimulationShadowRowDto implements SimulationShadowRow {
  @ApiProperty() ruleId: string;
  @ApiProperty({ type: SimulationTallyDto, description: 'what the shadow rule recorded at intake in the period' }) flagged: SimulationTallyDto;
}

export class SimulationReportDto implements SimulationReport {
  @ApiProperty({ description: 'settlements evaluated (reviewed, not reversed)' }) settlements: number;
  @ApiProperty({ type: SimulationDiffDto }) totals: SimulationDiffDto;
  @ApiProperty({ type: [SimulationRuleRowDto] }) byRule: SimulationRuleRowDto[];
  @ApiProperty({ type: [SimulationInstitutionRowDto] }) byInstitution: SimulationInstitutionRowDto[];
  @ApiProperty({ type: [SimulationShadowRowDto] }) shadow: SimulationShadowRowDto[];
}

class RuleRefDto {
  @ApiProperty() ruleId: string;
  @ApiProperty() version: number;
}

class ProgressDto {
  @ApiProperty() total: number;
  @ApiProperty() done: number;
}

export class SimulationJobDto implements SimulationJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() poolarea: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: SIMULATION_STATUSES }) status: SimulationStatus;
  @ApiProperty({ description: 'the published set the candidate starts from, e.g. 430100#3' }) baseRuleSet: string;
  @ApiProperty({ type: [RuleRefDto] }) rules: RuleRefDto[];
  @ApiProperty({ type: [String] }) remove: string[];
  @ApiProperty() reason: string;
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: ProgressDto }) progress: ProgressDto;
  @ApiProperty({ description: 'runs so far (a run interrupted by a stopped process is restarted from the beginning, at most 3)' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: SimulationReportDto, nullable: true, description: 'when DONE' }) report: SimulationReportDto | null;
}

export class SimulationJobSummaryDto extends OmitType(SimulationJobDto, ['report'] as const) {}

export class SimulationJobPageDto implements SimulationJobPageView {
  @ApiProperty({ type: [SimulationJobSummaryDto] }) items: SimulationJobSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

class FindingLineDto {
  @ApiProperty() lineId: string;
  @ApiProperty() itemType: string;
  @ApiProperty() amountFen: string;
}

export class SettlementFindingDto implements SettlementFindingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty() ruleSet: string;
  @ApiProperty() severity: string;
  @ApiProperty() amountFen: string;
  @ApiProperty({ type: [FindingLineDto] }) lines: FindingLineDto[];
  @ApiProperty() volaCont: string;
  @ApiProperty() volaEvid: string;
  @ApiProperty({ description: 'a shadow rule’s finding: recorded, never enforced (no case, not a violation)' }) shadow: boolean;
}

export class SettlementFindingsDto implements SettlementFindingsView {
  @ApiProperty({ format: 'uuid' }) settlementId: string;
  @ApiProperty() setlId: string;
  @ApiProperty() institutionCode: string;
  @ApiProperty() poolarea: string;
  @ApiProperty({ format: 'date' }) setlDate: string;
  @ApiProperty({ type: String, nullable: true }) ruleSet: string | null;
  @ApiProperty({ type: [SettlementFindingDto] }) findings: SettlementFindingDto[];
}

/** `/api/v1/review/simulations` — 规则模拟 before publishing, and a settlement's findings with the shadow ones. */
@ApiTags('review')
@ApiBearerAuth()
@Controller('api/v1/review')
export class ReviewSimulationController {
  constructor(private readonly nats: MiNatsClient) {}

  @Post('simulations')
  @HttpCode(202)
  @Roles(...SIMULATORS)
  @ApiOperation({
    summary:
      'queue a simulation: the set in force on `to` with `rules` (draft or published versions) in and `remove` out, over the city’s settlements from `from` to `to` (≤ 366 days), compared with the stored findings; poll GET …/simulations/:id',
  })
  @ApiAcceptedResponse({ type: SimulationJobDto })
  start(@Body() body: StartSimulationRequest): Promise<SimulationJobView> {
    return this.nats.request<SimulationJobView>(SimulationSubjects.start, body, { timeoutMs: 30_000 });
  }

  @Get('simulations')
  @Roles(...SIMULATORS)
  @ApiOperation({ summary: 'a city’s simulations, newest first, without reports' })
  @ApiOkResponse({ type: SimulationJobPageDto })
  list(@Query() q: ListSimulationsRequest): Promise<SimulationJobPageView> {
    return this.nats.request<SimulationJobPageView>(SimulationSubjects.list, q);
  }

  @Get('simulations/:id')
  @Roles(...SIMULATORS)
  @ApiOperation({ summary: 'one simulation with its progress and, when DONE, its report per rule and per institution (404 for another city’s)' })
  @ApiOkResponse({ type: SimulationJobDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<SimulationJobView> {
    return this.nats.request<SimulationJobView>(SimulationSubjects.get, { id });
  }

  @Get('settlements/:id/findings')
  @Roles('city-officer', 'county-officer', 'reviewer', 'province-admin', 'auditor')
  @ApiOperation({ summary: 'a settlement’s findings; shadow rules’ findings are listed after them, marked `shadow: true`' })
  @ApiOkResponse({ type: SettlementFindingsDto })
  findings(@Param('id', new ParseUUIDPipe()) id: string): Promise<SettlementFindingsView> {
    return this.nats.request<SettlementFindingsView>(SimulationSubjects.settlementFindings, { settlementId: id });
  }
}
