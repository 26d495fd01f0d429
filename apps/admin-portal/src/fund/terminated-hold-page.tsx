import type { ApprovalView, TerminatedHoldDecisionProposal, TerminatedHoldOutcome } from '@mi/contracts';
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApprovalNote } from '../shell/approval-note';
import { FormDialog } from '../shell/form-dialog';
import { citiesOf, regionName } from '../shell/regions';
import { refusedAtField } from './field-refusal';

const OUTCOMES: readonly TerminatedHoldOutcome[] = ['PAY_OUT', 'RETURN_TO_FUND'];

/** What is held per insurance type (fen), with the total: a hold proposal as the approver sees it. */
export function HeldAmounts({ heldFen }: { heldFen: Record<string, string> }) {
  const { t } = useI18n();
  const rows = Object.entries(heldFen)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([insutype, fen]) => ({ insutype, fen }));
  const total = rows.reduce((n, r) => n + BigInt(r.fen), 0n);
  return (
    <Table
      rowKey="insutype"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="held-amounts"
      columns={[
        { title: t('fund.insutype'), dataIndex: 'insutype' },
        { title: t('hold.held'), dataIndex: 'fen', align: 'right', render: (f: string) => formatFen(f) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>{t('indicator.total')}</Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <span data-testid="held-total">{formatFen(total)}</span>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

interface HoldValues {
  admdvs: string;
  institutionCode: string;
  outcome: TerminatedHoldOutcome;
  reason: string;
  legalBasis: string;
}

/**
 * 解除协议后暂缓款处理: a city officer proposes what becomes of the money held for an institution whose
 * agreement was terminated — pay it out or return it to the fund — with reason and legal basis; the
 * proposal shows what is held per insurance type, and a different city officer approves it.
 */
export function TerminatedHoldPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const cities = citiesOf(user?.scope ?? '');
  const [proposing, setProposing] = useState(false);
  const [proposed, setProposed] = useState<ApprovalView<TerminatedHoldDecisionProposal>>();
  const mayPropose = user?.roles.includes('city-officer') ?? false;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.terminatedHolds')}</Typography.Title>
      <Card
        title={t('hold.title')}
        extra={
          mayPropose && (
            <Button type="primary" onClick={() => setProposing(true)} data-testid="propose-hold">
              {t('hold.propose')}
            </Button>
          )
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('hold.hint')}</Typography.Paragraph>
          <Alert type="info" showIcon title={t('hold.noList')} />
        </Space>
      </Card>
      {proposed && (
        <Card title={`${proposed.payload.institutionCode} · ${t(`hold.outcome.${proposed.payload.outcome}`)}`} data-testid="hold-proposed">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <ApprovalNote approval={proposed} context="fund" />
            <HeldAmounts heldFen={proposed.payload.heldFen} />
          </Space>
        </Card>
      )}
      {proposing && (
        <FormDialog<HoldValues>
          title={t('hold.propose')}
          testId="hold-form"
          initialValues={{ admdvs: cities[0], outcome: 'PAY_OUT' }}
          onClose={() => setProposing(false)}
          onSubmit={async (v) => {
            setProposed(
              await refusedAtField(
                api.post('/api/v1/fund/terminated-hold-decisions', {
                  body: {
                    admdvs: v.admdvs,
                    institutionCode: v.institutionCode.trim().toUpperCase(),
                    outcome: v.outcome,
                    reason: v.reason.trim(),
                    legalBasis: v.legalBasis.trim(),
                  },
                }),
              ),
            );
            setProposing(false);
          }}
        >
          <Form.Item name="admdvs" label={t('fund.city')} rules={[{ required: true }]}>
            <Select options={cities.map((c) => ({ value: c, label: regionName(c, lang) }))} />
          </Form.Item>
          <Form.Item
            name="institutionCode"
            label={t('indicator.institution')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9]{3,40}$/, message: t('hold.codeInvalid') }]}
          >
            <Input placeholder="H43010200001" />
          </Form.Item>
          <Form.Item name="outcome" label={t('hold.outcome')} rules={[{ required: true }]}>
            <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: t(`hold.outcome.${o}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="legalBasis"
            label={t('hold.legalBasis')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('plan.textInvalid') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </FormDialog>
      )}
    </Space>
  );
}
