import type { AlertStatus, AlertView, AnomalyType } from '@mi/contracts';
import { Tag } from 'antd';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';

const STATUS_COLORS: Record<AlertStatus, string> = { NEW: 'orange', CONFIRMED: 'red', DISMISSED: 'default' };
/**
 * The alert types the filter offers (anomaly.messages.ts ANOMALY_TYPES; the portal may import only
 * types of @mi/contracts). A type added to the service before the portal knows it is still listed
 * and shown, by its code.
 */
export const ANOMALY_TYPES = [
  'PERSON_MANY_SETTLEMENTS',
  'LARGE_EXPENDITURE',
  'SETTLEMENT_BURST',
  'OUTPATIENT_DURING_STAY',
  'YOUNG_ADULT_INPATIENT_SPIKE',
  'READMISSION_7D',
  'INVENTORY_SALES_EXCEED_STOCK',
] as const satisfies readonly AnomalyType[];

/** The name of an alert type in the user's language, or its code when the portal has no name for it. */
export function useAlertTypeName(): (type: string) => string {
  const { t } = useI18n();
  return (type) => {
    const key = `alert.type.${type}`;
    return isMessageKey(key) ? t(key) : type;
  };
}
export const ALERT_STATUSES = Object.keys(STATUS_COLORS) as AlertStatus[];

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`alert.status.${status}`)}</Tag>;
}

export function AlertTypeTag({ type }: { type: AnomalyType }) {
  const name = useAlertTypeName();
  return <Tag color="geekblue">{name(type)}</Tag>;
}

/** The compared figure of an alert (`value`), money from fen where the detector measures an amount. */
export function figureText(a: AlertView, which: 'measured' | 'threshold'): string {
  const f = a[which];
  if (a.type === 'LARGE_EXPENDITURE' && f.fen !== undefined) return formatFen(String(f.fen));
  return String(f.value);
}
