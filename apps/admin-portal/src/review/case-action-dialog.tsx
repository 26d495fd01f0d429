import type { CaseDetailView } from '@mi/contracts';
import { Alert, App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { formatFen, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { applyFieldErrors } from '../shell/form-errors';
import { errorText, isCaseMoved } from './case-action-error';
import { FINDING_ACTIONS, type StageAction } from './case-stage';

interface Values {
  note?: string;
  statement?: string;
  reason?: string;
  findingIds?: string[];
  amount?: string;
}

export interface ActionResult {
  /** The server's REVIEW.CASE_MOVED message: someone moved the case meanwhile. */
  moved?: string;
  /** The deduction's approval, when one was proposed. */
  approvalId?: string;
}

const sumFen = (c: CaseDetailView, ids: readonly string[]) => c.findingsDetail.filter((f) => ids.includes(f.id)).reduce((s, f) => s + BigInt(f.amountFen), 0n);
const asYuan = (fen: bigint | string) => formatFen(fen).replace(/[¥,]/g, '');

/** One action on one case: the note (审核意见), and for notify / uphold / deduction the findings held and the amount. */
export function CaseActionDialog({ c, action, onClose, onDone }: { c: CaseDetailView; action: StageAction; onClose(): void; onDone(r: ActionResult): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const withFindings = FINDING_ACTIONS.includes(action);
  const allIds = c.findingsDetail.filter((f) => f.outcome !== 'OVERTURNED').map((f) => f.id);
  // A deduction proposes the amount the case holds (notified, upheld); a notice the flagged findings' total.
  // A deduction withholds at most the pooled fund's share of the settlement.
  const fundShare = BigInt(c.settlement.hifpPayFen);
  const held = BigInt(c.amountFen);
  const initialAmount = action === 'propose-deduction' ? (held < fundShare ? held : fundShare) : sumFen(c, allIds);

  async function send(v: Values): Promise<ActionResult> {
    if (action === 'appeal') {
      await api.post('/api/v1/review/cases/{id}/appeal', { path: { id: c.id }, body: { statement: v.statement?.trim() } });
      return {};
    }
    const amountFen = v.amount === undefined ? undefined : yuanToFen(v.amount);
    if (action === 'propose-deduction') {
      const r = await api.post('/api/v1/review/deductions', {
        body: { settlementId: c.settlementId, caseId: c.id, amountFen, findingIds: v.findingIds, reason: v.reason?.trim() },
      });
      return { approvalId: r.id };
    }
    await api.post('/api/v1/review/cases/actions', {
      body: {
        caseIds: [c.id],
        action,
        expectedStage: c.stage,
        note: v.note?.trim(),
        ...(withFindings ? { findingIds: v.findingIds ?? [], amountFen } : {}),
      },
    });
    return {};
  }

  async function submit() {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await send(v);
      void message.success(t('review.acted', { n: 1 }));
      onDone(r);
    } catch (e) {
      if (isCaseMoved(e)) onDone({ moved: errorText(e) });
      // The server names `amountFen`; the form's field is the amount in yuan.
      else if (!applyFieldErrors(form, e, { amountFen: 'amount' })) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${t(`review.action.${action}`)} · ${c.caseNo}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form
        form={form}
        layout="vertical"
        data-testid="action-form"
        initialValues={withFindings ? { findingIds: allIds, amount: asYuan(initialAmount), note: '', reason: '' } : { note: '', statement: '' }}
        onValuesChange={(changed: Values) => {
          // Picking findings proposes their total; the reviewer may still change the amount.
          if (changed.findingIds && action === 'notify') form.setFieldValue('amount', asYuan(sumFen(c, changed.findingIds)));
        }}
      >
        {withFindings && c.findingsDetail.length > 0 && (
          <Form.Item name="findingIds" label={t('review.findingsHeld')}>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column' }}
              options={c.findingsDetail.map((f) => ({
                value: f.id,
                disabled: f.outcome === 'OVERTURNED',
                label: (
                  <span>
                    <Typography.Text code>{f.ruleId}</Typography.Text> {f.volaCont} · {formatFen(f.amountFen)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        )}
        {withFindings && (
          <Form.Item
            name="amount"
            label={t(action === 'propose-deduction' ? 'review.deductionAmount' : 'review.violationAmount')}
            rules={[
              { required: true, whitespace: true },
              {
                validator: (_, v?: string) => {
                  const fen = v ? yuanToFen(v) : undefined;
                  if (v && fen === undefined) return Promise.reject(new Error(t('review.amountInvalid')));
                  if (action === 'propose-deduction' && fen === '0') return Promise.reject(new Error(t('review.amountPositive')));
                  if (action === 'propose-deduction' && fen !== undefined && BigInt(fen) > fundShare)
                    return Promise.reject(new Error(t('review.amountOverFund', { max: formatFen(fundShare) })));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Input prefix="¥" style={{ width: 200 }} />
          </Form.Item>
        )}
        {action === 'appeal' && (
          <Form.Item name="statement" label={t('review.statement')} rules={[{ required: true, whitespace: true, min: 5, max: 4000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
        {action === 'propose-deduction' && (
          <Form.Item name="reason" label={t('review.deductionReason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {action !== 'appeal' && action !== 'propose-deduction' && (
          <Form.Item name="note" label={t('review.note')} rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
