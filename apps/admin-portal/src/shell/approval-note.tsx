import type { ApprovalView } from '@mi/contracts';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { StatusTag } from './status-tag';

/** A maker-checker proposal: who proposed it and when, which roles must approve it (another person), and how it was decided. */
export function ApprovalNote({ approval: p, context }: { approval: ApprovalView; context: string }) {
  const { t } = useI18n();
  return (
    <Alert
      type={p.status === 'PENDING' ? 'info' : p.status === 'APPROVED' ? 'success' : 'warning'}
      showIcon
      data-testid="approval-note"
      title={
        <>
          {p.summary} <StatusTag status={p.status} />
        </>
      }
      description={
        <>
          <div>
            {t('approval.proposedBy')}: {p.proposedBy.name}（{formatDateTime(p.proposedAt)}）
          </div>
          <div>
            {t('approval.mustApprove')}: {p.requiredRoles.map((r) => t(`role.${r}`)).join(' / ')}
          </div>
          {p.decidedBy && (
            <div>
              {t('approval.decidedBy')}: {p.decidedBy.name}（{formatDateTime(p.decidedAt)}）{p.decisionNote ? ` · ${p.decisionNote}` : ''}
            </div>
          )}
          {p.status === 'PENDING' && <Link to={`/approvals?context=${context}`}>{t('nav.approvals')}</Link>}
        </>
      }
    />
  );
}
