import type { AlertStatus, AlertView, AnomalyType } from '@mi/contracts';
import { Tag } from 'antd';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';

const STATUS_COLORS: Record<AlertStatus, string> = { NEW: 'orange', CONFIRMED: 'red', DISMISSED: 'default' };
// The portal may import only types of @mi/contracts; a Record keyed by the type keeps these lists complete.
const TYPE_ORDER: Record<AnomalyType, number> = {
  PERSON_MANY_SETTLEMENTS: 1,
  LARGE_EXPENDITURE: 2,
  SETTLEMENT_BURST: 3,
  OUTPATIENT_DURING_STAY: 4,
  YOUNG_ADULT_INPATIENT_SPIKE: 5,
  READMISSION_7D: 6,
};
/** The detectors' alert types (anomaly.messages.ts ANOMALY_TYPES), in the contract's order. */
export const ANOMALY_TYPES = (Object.keys(TYPE_ORDER) as AnomalyType[]).sort((a, b) => TYPE_ORDER[a] - TYPE_ORDER[b]);
export const ALERT_STATUSES = Object.keys(STATUS_COLORS) as AlertStatus[];

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`alert.status.${status}`)}</Tag>;
}

export function AlertTypeTag({ type }: { type: AnomalyType }) {
  const { t } = useI18n();
  return <Tag color="geekblue">{t(`alert.type.${type}`)}</Tag>;
}

/** The compared figure of an alert (`value`), money from fen where the detector measures an amount. */
export function figureText(a: AlertView, which: 'measured' | 'threshold'): string {
  const f = a[which];
  if (a.type === 'LARGE_EXPENDITURE' && f.fen !== undefined) return formatFen(String(f.fen));
  return String(f.value);
}
