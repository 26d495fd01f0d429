import type { CaseDetailView, CaseFindingView, CaseLineView } from '@mi/contracts';
import { Alert, App, Button, Card, Descriptions, Space, Table, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, download } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/messages';
import { ApiErrorView } from '../shell/api-error-alert';
import { useLoad } from '../shell/use-load';
import { CaseActionDialog } from './case-action-dialog';
import { errorText } from './case-action-error';
import { CaseCountdown } from './case-countdown';
import { actionsAt, type StageAction } from './case-stage';
import { StageTag } from './stage-tag';

/** 就诊凭证类型 (NHSA) and 实名核验 ways, as recorded at intake. */
const CERT_TYPES: Record<string, string> = { '01': '医保电子凭证', '02': '居民身份证', '03': '社会保障卡' };
const VERIFICATIONS: Record<string, string> = { face: '人脸识别', fingerprint: '指纹', card: '持卡/证件核验', 'e-voucher': '电子凭证扫码', none: '未核验' };

/** One review case: the settlement, its lines (flagged ones highlighted), findings, history, appeal, and the actions of its stage. */
export function ReviewCasePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const loaded = useLoad(() => api.get('/api/v1/review/cases/{id}', { path: { id } }), [id]);
  const [acting, setActing] = useState<StageAction>();
  const [moved, setMoved] = useState<string>();
  const [proposed, setProposed] = useState<string>();

  if (loaded.error) return <ApiErrorView error={loaded.error} />;
  const c = loaded.data;
  if (!c) return <Card loading />;
  const eventLabel = (action: string) => {
    const key = `review.event.${action}`;
    return isMessageKey(key) ? t(key) : action;
  };
  const actions = actionsAt(c.stage, user?.roles ?? []);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={
          <Space>
            {t('review.case')} {c.caseNo} <StageTag stage={c.stage} outcome={c.outcome} />
          </Space>
        }
        extra={
          <Space data-testid="case-actions">
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'propose-deduction' || a === 'escalate' || a === 'notify' || a === 'uphold' ? 'primary' : 'default'}
                danger={a === 'dismiss' || a === 'overturn'}
                onClick={() => setActing(a)}
                data-testid={`action-${a}`}
              >
                {t(`review.action.${a}`)}
              </Button>
            ))}
          </Space>
        }
      >
        {moved && <Alert type="warning" showIcon title={t('review.caseMoved')} description={moved} style={{ marginBottom: 12 }} data-testid="case-moved" />}
        {proposed && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="deduction-proposed"
            title={t('review.deductionProposed', { id: proposed.slice(0, 8) })}
            description={<Link to="/approvals?context=review">{t('nav.approvals')}</Link>}
          />
        )}
        <Descriptions column={3} size="small" bordered>
          <Descriptions.Item label={t('agreement.institution')}>{c.institutionCode}</Descriptions.Item>
          <Descriptions.Item label={t('review.origin')}>{t(`review.origin.${c.origin}`)}</Descriptions.Item>
          <Descriptions.Item label={t('review.amount')}>{formatFen(c.amountFen)}</Descriptions.Item>
          <Descriptions.Item label={t('review.stageStarted')}>{formatDate(c.stageStartedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('review.deadline')}>
            <CaseCountdown c={c} />
          </Descriptions.Item>
          <Descriptions.Item label={t('review.assignee')}>{c.assignee ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('review.escalatedBy')}>{c.escalatedBy ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('review.openedAt')}>{formatDateTime(c.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('review.closedAt')}>{formatDateTime(c.closedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <SettlementCard c={c} />
      <LinesCard lines={c.lines} />
      <FindingsCard findings={c.findingsDetail} />
      {c.appeal && <AppealCard c={c} />}
      <Card title={t('review.history')}>
        <Timeline
          data-testid="case-history"
          items={c.events.map((e) => ({
            key: e.seq,
            children: (
              <>
                <Typography.Text strong>{eventLabel(e.action)}</Typography.Text>{' '}
                {e.fromStage && e.fromStage !== e.toStage ? `${t(`stage.${e.fromStage}`)} → ` : ''}
                {t(`stage.${e.toStage}`)} · {e.actor} · {formatDateTime(e.at)}
                {e.note && <div>{e.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      {acting && (
        <CaseActionDialog
          c={c}
          action={acting}
          onClose={() => setActing(undefined)}
          onDone={(r) => {
            setActing(undefined);
            setMoved(r.moved);
            if (r.approvalId) setProposed(r.approvalId);
            loaded.reload();
          }}
        />
      )}
    </Space>
  );
}

function SettlementCard({ c }: { c: CaseDetailView }) {
  const { t } = useI18n();
  const s = c.settlement;
  return (
    <Card title={t('review.settlement')}>
      <Descriptions column={3} size="small" bordered data-testid="settlement">
        <Descriptions.Item label={t('review.setlId')}>{s.setlId}</Descriptions.Item>
        <Descriptions.Item label={t('review.mdtrtId')}>{s.mdtrtId}</Descriptions.Item>
        <Descriptions.Item label={t('review.setlDate')}>{formatDate(s.setlDate)}</Descriptions.Item>
        <Descriptions.Item label={t('review.psnNo')}>{s.psnNo}</Descriptions.Item>
        <Descriptions.Item label={t('review.insutype')}>{s.insutype}</Descriptions.Item>
        <Descriptions.Item label={t('review.medType')}>{s.medType}</Descriptions.Item>
        <Descriptions.Item label={t('review.medfeeSumamt')}>{formatFen(s.medfeeSumamtFen)}</Descriptions.Item>
        <Descriptions.Item label={t('review.hifpPay')}>{formatFen(s.hifpPayFen)}</Descriptions.Item>
        <Descriptions.Item label={t('review.mainDiagnosis')}>{s.mainDiagnosis ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('review.mdtrtCertType')}>{CERT_TYPES[s.mdtrtCertType ?? ''] ?? s.mdtrtCertType ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('review.realNameVerification')}>
          {VERIFICATIONS[s.realNameVerification ?? ''] ?? s.realNameVerification ?? '—'}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The settlement's fee lines; those a finding names are highlighted. */
export function LinesCard({ lines }: { lines: CaseLineView[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('review.lines')}>
      <Table<CaseLineView>
        rowKey="feedetlSn"
        size="small"
        pagination={false}
        dataSource={lines}
        data-testid="case-lines"
        rowClassName={(l) => (l.flagged ? 'mi-flagged' : '')}
        onRow={(l) => ({ 'data-flagged': l.flagged ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('review.feedetlSn'), dataIndex: 'feedetlSn' },
          {
            title: t('review.item'),
            render: (_, l) => (
              <>
                {l.flagged && <Typography.Text type="danger">⚑ </Typography.Text>}
                {l.hilistName} <Typography.Text type="secondary">{l.hilistCode}</Typography.Text>
              </>
            ),
          },
          { title: t('review.listType'), dataIndex: 'listType' },
          { title: t('review.cnt'), dataIndex: 'cnt', align: 'right' },
          { title: t('review.price'), dataIndex: 'pricFen', align: 'right', render: (f: string) => formatFen(f) },
          { title: t('review.lineAmount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
          { title: t('review.serviceDate'), dataIndex: 'serviceDate', render: formatDate },
        ]}
      />
    </Card>
  );
}

function FindingsCard({ findings }: { findings: CaseFindingView[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('review.findings')}>
      <Table<CaseFindingView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={findings}
        data-testid="case-findings"
        columns={[
          {
            title: t('review.rule'),
            render: (_, f) => (
              <>
                <Typography.Text code>{f.ruleId}</Typography.Text> v{f.ruleVersion}
                <div>
                  <Typography.Text type="secondary">
                    {f.ruleSet} · {f.severity}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          { title: t('review.volaCont'), dataIndex: 'volaCont' },
          { title: t('review.volaEvid'), dataIndex: 'volaEvid' },
          {
            title: t('review.facts'),
            dataIndex: 'facts',
            render: (facts: unknown) => <pre className="mi-facts">{JSON.stringify(facts, null, 1)}</pre>,
          },
          { title: t('review.amount'), dataIndex: 'amountFen', align: 'right', render: (f: string) => formatFen(f) },
          {
            title: t('review.findingOutcome'),
            dataIndex: 'outcome',
            render: (o: string | null) => (o ? t(`finding.${o}` as 'finding.CONFIRMED') : t('finding.open')),
          },
        ]}
      />
    </Card>
  );
}

function AppealCard({ c }: { c: CaseDetailView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const a = c.appeal;
  if (!a) return null;
  return (
    <Card title={t('review.appeal')} data-testid="case-appeal">
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('review.appealBy')}>{a.submittedBy}</Descriptions.Item>
        <Descriptions.Item label={t('review.appealAt')}>{formatDateTime(a.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('review.statement')} span={2}>
          {a.statement}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.attachments')} span={2}>
          {a.attachments.length === 0
            ? '—'
            : a.attachments.map((f) => (
                <div key={f.id}>
                  <Typography.Link
                    data-testid="attachment"
                    onClick={() =>
                      void download('/api/v1/review/cases/{id}/attachments/{attachmentId}', { id: c.id, attachmentId: f.id }, f.fileName).catch((e: unknown) =>
                        message.error(errorText(e)),
                      )
                    }
                  >
                    {f.fileName}
                  </Typography.Link>{' '}
                  <Typography.Text type="secondary">
                    {f.contentType} · {(f.sizeBytes / 1024).toFixed(1)} KB · SHA-256 {f.sha256.slice(0, 12)}…
                  </Typography.Text>
                </div>
              ))}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
