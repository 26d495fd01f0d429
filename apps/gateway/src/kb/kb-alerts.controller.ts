import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, Length } from 'class-validator';
import {
  ALERT_STATUSES,
  type AlertDetailView,
  type AlertView,
  ANOMALY_TYPES,
  AnomalySubjects,
  type AnomalyType,
  GetAlertRequest,
  GetThresholdsRequest,
  ListAlertsRequest,
  InventorySubjects,
  type Page,
  type StockLineView,
  StockQueryRequest,
  type ThresholdsView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

/** Reading alerts: the bureau, its reviewers and auditors. Deciding: officers of the alert's region. */
const READERS = ['province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor'] as const;
const OFFICERS = ['province-admin', 'city-officer', 'county-officer'] as const;

export class AlertDto implements AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the same as id (event payload shape)' }) alertId: string;
  @ApiProperty({ enum: ANOMALY_TYPES }) type: AnomalyType;
  @ApiProperty({ description: 'pooling region (city)' }) poolarea: string;
  @ApiProperty({ description: 'region the alert belongs to (the institution’s county, or the city for a person)' }) admdvs: string;
  @ApiProperty({ type: String, nullable: true }) institutionCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: '人员编号 only — never a name or ID number' }) psnNo: string | null;
  @ApiProperty({ description: 'window start, ISO 8601' }) from: string;
  @ApiProperty({ description: 'window end, ISO 8601' }) to: string;
  @ApiProperty({ type: [String] }) settlementIds: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'measured figures; `value` is compared with the threshold’s `value`' })
  measured: AlertView['measured'];
  @ApiProperty({ type: 'object', additionalProperties: true }) threshold: AlertView['threshold'];
  @ApiProperty({ description: '中文说明' }) explanation: string;
  @ApiProperty({ enum: ALERT_STATUSES }) status: AlertView['status'];
  @ApiProperty() detectedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
}

export class AlertPageDto implements Page<AlertView> {
  @ApiProperty({ type: [AlertDto] }) items: AlertDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class AlertSettlementDto {
  @ApiProperty() settlementId: string;
  @ApiProperty() setlId: string;
  @ApiProperty() mdtrtId: string;
  @ApiProperty() psnNo: string;
  @ApiProperty() institutionCode: string;
  @ApiProperty() setlDate: string;
  @ApiPropertyOptional({ type: String, nullable: true }) setlTime: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '1 outpatient, 2 inpatient, 3 pharmacy, 4 other' }) treatmentMode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) gend: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) ageYears: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) begndate: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) enddate: string | null;
  @ApiProperty({ description: 'fen' }) medfeeSumamtFen: string;
  @ApiProperty({ description: 'reversed (冲正) after the alert was raised' }) reversed: boolean;
}

export class AlertDetailDto extends AlertDto implements AlertDetailView {
  @ApiProperty({ type: [AlertSettlementDto] }) settlements: AlertSettlementDto[];
}

export class AlertDecisionBody {
  @ApiProperty({ enum: ['CONFIRM', 'DISMISS'] })
  @IsIn(['CONFIRM', 'DISMISS'], { message: 'decision must be CONFIRM or DISMISS' })
  decision: 'CONFIRM' | 'DISMISS';

  @ApiProperty({ minLength: 2, maxLength: 1000, description: 'why (核查结论)' })
  @IsString()
  @Length(2, 1000, { message: 'note must be 2–1000 characters' })
  note: string;
}

export class ThresholdsBody {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'parameters of the detector (docs/anomaly-detectors.md)' })
  @IsObject()
  params: Record<string, unknown>;

  @ApiProperty({ minLength: 4, maxLength: 500 })
  @IsString()
  @Length(4, 500)
  reason: string;
}

export class StockLineDto implements StockLineView {
  @ApiProperty({ description: '医保目录编码 (med_list_codg)' }) medListCodg: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'last stocktake (3501), ISO 8601; null: none — not judged by default' })
  stocktakeAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'units counted then (decimal, up to 4 places)' }) stocktake: string | null;
  @ApiProperty() purchased: string;
  @ApiProperty() purchaseReturned: string;
  @ApiProperty() sold: string;
  @ApiProperty() saleReturned: string;
  @ApiProperty({ description: 'stocktake + purchased − purchaseReturned − sold + saleReturned' }) balance: string;
  @ApiProperty({ description: 'lowest running balance since the stocktake; negative: sold more than was in stock' }) lowest: string;
}

export class StockPageDto implements Page<StockLineView> {
  @ApiProperty({ type: [StockLineDto] }) items: StockLineDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class StockQuery extends OmitType(StockQueryRequest, ['institutionCode', 'admdvs'] as const) {}
ApiPropertyOptional({ enum: ['true', 'false'], description: 'only items sold beyond stock' })(StockQuery.prototype, 'shortOnly');
ApiPropertyOptional({ type: Number })(StockQuery.prototype, 'limit');
ApiPropertyOptional({ type: Number })(StockQuery.prototype, 'offset');

/**
 * `/api/v1/kb/alerts` — anomaly alerts (智能监控预警) of monitoring-kb-service: listed and read
 * in the caller's region (another region's alert is 404), confirmed or dismissed once by an
 * officer with a note (confirmation is published for credit-service); detector thresholds per
 * province or city.
 */
@ApiTags('knowledge & rules: anomaly alerts')
@ApiBearerAuth()
@Controller('api/v1/kb')
export class KbAlertsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get('alerts')
  @Roles(...READERS)
  @ApiOperation({ summary: 'alerts of the caller’s region, newest window first; filters: type, institutionCode, poolarea, from/to (dates), status' })
  @ApiOkResponse({ type: AlertPageDto })
  list(@Query() q: ListAlertsRequest): Promise<Page<AlertView>> {
    return this.nats.request(AnomalySubjects.listAlerts, q);
  }

  @Get('alerts/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'one alert with its linked settlements' })
  @ApiOkResponse({ type: AlertDetailDto })
  get(@Param() p: GetAlertRequest): Promise<AlertDetailView> {
    return this.nats.request(AnomalySubjects.getAlert, p);
  }

  @Post('alerts/:id/decision')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'confirm or dismiss a NEW alert with a note (once; 409 when already decided)' })
  @ApiOkResponse({ type: AlertDto })
  decide(@Param() p: GetAlertRequest, @Body() body: AlertDecisionBody): Promise<AlertView> {
    return this.nats.request(AnomalySubjects.decideAlert, { id: p.id, decision: body.decision, note: body.note });
  }

  @Get('inventory/:institutionCode')
  @Roles(...READERS)
  @ApiOperation({ summary: '进销存 of an institution from its 35xx uploads: per item since its last stocktake, with the lowest running balance' })
  @ApiOkResponse({ type: StockPageDto })
  inventory(@Param('institutionCode') institutionCode: string, @Query() q: StockQuery): Promise<Page<StockLineView>> {
    return this.nats.request(InventorySubjects.stock, { ...q, institutionCode });
  }

  @Get('anomaly-thresholds/:region')
  @Roles(...READERS)
  @ApiOperation({ summary: 'detector thresholds in force for a city (or province): defaults ← province ← city, with the source of each' })
  @ApiOkResponse({ description: 'ThresholdsView: region, detectors[{type, params, source}]' })
  thresholds(@Param() p: GetThresholdsRequest): Promise<ThresholdsView> {
    return this.nats.request(AnomalySubjects.getThresholds, p);
  }

  @Put('anomaly-thresholds/:region/:type')
  @Roles('province-admin', 'city-officer')
  @ApiOperation({
    summary: 'set one detector’s parameters of a province or city (audited); unknown names and out-of-range values are 400 naming params.<name>',
  })
  @ApiOkResponse({ description: 'ThresholdsView after the change' })
  setThresholds(@Param('region') region: string, @Param('type') type: string, @Body() body: ThresholdsBody): Promise<ThresholdsView> {
    return this.nats.request(AnomalySubjects.setThresholds, { region, type, params: body.params, reason: body.reason });
  }
}
