import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Admdvs, InstitutionCode, LocalDate } from '@mi/domain';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * Anomaly detectors (智能监控预警, seed 000_…) — monitoring-kb-service consumes
 * `evt.review.ClaimSettled`, keeps a compact fact per settlement and raises one alert per
 * (type, subject, window). See docs/anomaly-detectors.md for thresholds and their sources.
 */
export const ANOMALY_TYPES = [
  /** 单人多次结算: one person settling many times in N days. */
  'PERSON_MANY_SETTLEMENTS',
  /** 单次大额支出: one settlement at or above the amount threshold. */
  'LARGE_EXPENDITURE',
  /** 多人集中时间段结算: many different people settling at one institution within minutes. */
  'SETTLEMENT_BURST',
  /** 住院期间门诊结算: an outpatient or pharmacy settlement inside the same person's inpatient stay. */
  'OUTPATIENT_DURING_STAY',
  /** 青壮年病人结算偏多: the young/middle-aged share at an institution far above the city's. */
  'YOUNG_ADULT_INPATIENT_SPIKE',
  /** 7日再入院 (001_…, Beijing indicators): a stay beginning within N days of the same person's discharge. */
  'READMISSION_7D',
  /**
   * 进销存异常 (DOMAIN-RULES §3, rule 202001000/203001000; seed 002_…): an institution sold more of a
   * catalogue item than its last stocktake plus purchases less returns — from its 35xx uploads.
   */
  'INVENTORY_SALES_EXCEED_STOCK',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export const ALERT_STATUSES = ['NEW', 'CONFIRMED', 'DISMISSED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const AnomalySubjects = {
  /** gateway → kb: alerts of the caller's region, newest first. Reply {@link Page}<{@link AlertView}>. */
  listAlerts: 'mi.v1.kb.alerts.list',
  /** gateway → kb: one alert with its linked settlements. Reply {@link AlertDetailView}; another region's is NOT_FOUND. */
  getAlert: 'mi.v1.kb.alerts.get',
  /** gateway → kb: an officer confirms or dismisses a NEW alert with a note. Reply {@link AlertView}. */
  decideAlert: 'mi.v1.kb.alerts.decide',
  /** gateway → kb: the detector thresholds in force for a city (defaults, province, city). */
  getThresholds: 'mi.v1.kb.anomaly-thresholds.get',
  /** gateway → kb: set a city's (or province's) thresholds of one detector. */
  setThresholds: 'mi.v1.kb.anomaly-thresholds.set',
} as const;

export const AnomalyEventSubjects = {
  /** A new alert was raised (one per type, subject and window). */
  AnomalyDetected: 'evt.monitoring.AnomalyDetected',
  /** More settlements joined an alert still NEW (its window grew). */
  AnomalyExtended: 'evt.monitoring.AnomalyExtended',
  /** An officer confirmed an alert: credit-service may score it against the institution. */
  AnomalyConfirmed: 'evt.monitoring.AnomalyConfirmed',
  AnomalyDismissed: 'evt.monitoring.AnomalyDismissed',
  AnomalyThresholdsChanged: 'evt.monitoring.AnomalyThresholdsChanged',
} as const;

/** Figures of an alert: `value` is the one compared with the threshold's `value`. */
export type AlertFigures = Record<string, number | string> & { value: number | string };

/** Payload of `evt.monitoring.AnomalyDetected` / `AnomalyExtended`. */
export interface AnomalyDetectedPayload {
  alertId: string;
  type: AnomalyType;
  poolarea: string;
  institutionCode: string | null;
  psnNo: string | null;
  /** ISO 8601 instants. */
  from: string;
  to: string;
  settlementIds: string[];
  measured: AlertFigures;
  threshold: AlertFigures;
  explanation: string;
}

/** Payload of `evt.monitoring.AnomalyConfirmed` / `AnomalyDismissed`. */
export interface AnomalyDecidedPayload extends AnomalyDetectedPayload {
  status: 'CONFIRMED' | 'DISMISSED';
  note: string;
  decidedBy: string;
  decidedAt: string;
}

export interface AlertView extends AnomalyDetectedPayload {
  id: string;
  admdvs: string;
  status: AlertStatus;
  detectedAt: string;
  updatedAt: string;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** One settlement linked to an alert, as the fact store keeps it (no names or ID numbers). */
export interface AlertSettlementView {
  settlementId: string;
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  institutionCode: string;
  setlDate: string;
  setlTime: string | null;
  treatmentMode: string | null;
  gend: string | null;
  ageYears: number | null;
  begndate: string | null;
  enddate: string | null;
  /** Total, fen. */
  medfeeSumamtFen: string;
  reversed: boolean;
}

export interface AlertDetailView extends AlertView {
  settlements: AlertSettlementView[];
}

const isoDate = (v: unknown, field: string): string => LocalDate.parse(v, field).toString();

export class ListAlertsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...ANOMALY_TYPES], { message: `type must be one of ${ANOMALY_TYPES.join(', ')}` })
  type?: AnomalyType;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;

  /** Pooling region (city); defaults to everything in the caller's scope. */
  @IsOptional()
  @ParsedBy((v) => Admdvs.parse(v, 'poolarea').code)
  poolarea?: string;

  /** Alerts whose window ends on or after this date (yyyy-MM-dd, Asia/Shanghai). */
  @IsOptional()
  @ParsedBy((v) => isoDate(v, 'from'))
  from?: string;

  /** Alerts whose window starts on or before this date. */
  @IsOptional()
  @ParsedBy((v) => isoDate(v, 'to'))
  to?: string;

  @IsOptional()
  @IsIn([...ALERT_STATUSES], { message: `status must be one of ${ALERT_STATUSES.join(', ')}` })
  status?: AlertStatus;
}

export class GetAlertRequest {
  @IsUUID('all', { message: 'id must be an alert id (uuid)' })
  id: string;
}

export class DecideAlertRequest {
  @IsUUID('all', { message: 'id must be an alert id (uuid)' })
  id: string;

  @IsIn(['CONFIRM', 'DISMISS'], { message: 'decision must be CONFIRM or DISMISS' })
  decision: 'CONFIRM' | 'DISMISS';

  @IsString()
  @Length(2, 1000, { message: 'note must be 2–1000 characters' })
  note: string;
}

export class GetThresholdsRequest {
  @ParsedBy((v) => Admdvs.parse(v, 'region').code)
  region: string;
}

export class SetThresholdsRequest {
  /** A province (defaults for its cities) or a city. */
  @ParsedBy((v) => Admdvs.parse(v, 'region').code)
  region: string;

  @IsIn([...ANOMALY_TYPES], { message: `type must be one of ${ANOMALY_TYPES.join(', ')}` })
  type: AnomalyType;

  /** Parameters of that detector (names and ranges: docs/anomaly-detectors.md); validated field by field. */
  @IsObject()
  params: Record<string, unknown>;

  @IsString()
  @Length(4, 500)
  reason: string;
}

/** Thresholds in force per detector, and where each came from. */
export interface ThresholdsView {
  region: string;
  detectors: { type: AnomalyType; params: Record<string, unknown>; source: 'default' | string }[];
}
