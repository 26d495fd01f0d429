import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const COLORS: Record<string, string> = {
  ACTIVE: 'green',
  SUSPENDED: 'orange',
  TERMINATED: 'red',
  EXPIRED: 'default',
  PENDING: 'blue',
  APPROVED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}` as MessageKey;
  const label = t(key);
  return <Tag color={COLORS[status] ?? 'default'}>{label === key ? status : label}</Tag>;
}
