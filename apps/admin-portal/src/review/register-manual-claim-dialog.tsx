import type { ManualClaimView } from '@mi/contracts';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { formatFen, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { FormDialog } from '../shell/form-dialog';
import { yuanRules } from '../shell/money-rules';
import { childrenOf, regionName } from '../shell/regions';
import { GROUP_THRESHOLD_FEN } from './manual-claim-labels';

interface Values {
  admdvs: string;
  psnNo: string;
  insutype: string;
  institutionName: string;
  institutionCode?: string;
  begndate: Dayjs;
  enddate: Dayjs;
  medfeeSumamt: string;
  invoices: { invoiceNo: string; amount: string }[];
}

const sumOf = (invoices: Values['invoices'] | undefined) => (invoices ?? []).reduce((s, i) => s + BigInt(yuanToFen(i?.amount) ?? '0'), 0n);

/** 登记手工报销: the claim, its invoices (their sum is the total), the handling office. */
export function RegisterManualClaimDialog({ onClose, onDone }: { onClose(): void; onDone(c: ManualClaimView): void }) {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const total = yuanToFen(Form.useWatch('medfeeSumamt', form));
  const scope = user?.scope ?? '';
  const offices = [scope, ...childrenOf(scope)];

  async function submit(v: Values) {
    const c = await api.post('/api/v1/review/manual-claims', {
      body: {
        admdvs: v.admdvs,
        psnNo: v.psnNo.trim(),
        insutype: v.insutype,
        institutionName: v.institutionName.trim(),
        ...(v.institutionCode?.trim() ? { institutionCode: v.institutionCode.trim() } : {}),
        begndate: v.begndate.format('YYYY-MM-DD'),
        enddate: v.enddate.format('YYYY-MM-DD'),
        medfeeSumamtFen: yuanToFen(v.medfeeSumamt),
        invoices: v.invoices.map((i) => ({ invoiceNo: i.invoiceNo.trim(), amountFen: yuanToFen(i.amount) })),
      },
    });
    void message.success(t('mc.registered', { no: c.claimNo }));
    onDone(c);
  }

  return (
    <FormDialog<Values>
      title={t('mc.register')}
      testId="register-form"
      form={form}
      width={720}
      renames={{ medfeeSumamtFen: 'medfeeSumamt', amountFen: 'amount' }}
      initialValues={{ admdvs: region ?? scope, insutype: '310', invoices: [{ invoiceNo: '', amount: '' }] }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Space wrap>
        <Form.Item name="admdvs" label={t('common.region')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={offices.map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
        <Form.Item name="psnNo" label={t('review.psnNo')} rules={[{ required: true, pattern: /^[0-9A-Za-z]{1,30}$/ }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="insutype" label={t('review.insutype')} rules={[{ required: true }]}>
          <Select style={{ width: 100 }} options={['310', '390', '510'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="institutionName" label={t('mc.institutionName')} rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}>
          <Input style={{ width: 320 }} />
        </Form.Item>
        <Form.Item name="institutionCode" label={t('agreement.code')} rules={[{ pattern: /^[A-Z]\d{11}$/ }]}>
          <Input style={{ width: 200 }} placeholder="H43010200001" />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="begndate" label={t('mc.begndate')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="enddate" label={t('mc.enddate')} rules={[{ required: true }]}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="medfeeSumamt"
          label={t('mc.medfeeSumamt')}
          dependencies={[['invoices']]}
          rules={[
            ...yuanRules(t('common.yuanInvalid')),
            ({ getFieldValue }) => ({
              validator: (_, v?: string) => {
                const fen = v ? yuanToFen(v) : undefined;
                const sum = sumOf(getFieldValue('invoices') as Values['invoices']);
                return fen === undefined || BigInt(fen) === sum ? Promise.resolve() : Promise.reject(new Error(t('mc.sumMismatch', { sum: formatFen(sum) })));
              },
            }),
          ]}
        >
          <Input prefix="¥" style={{ width: 200 }} />
        </Form.Item>
      </Space>
      {total !== undefined && BigInt(total) >= GROUP_THRESHOLD_FEN && (
        <Alert type="info" showIcon title={t('mc.toGroup')} style={{ marginBottom: 12 }} data-testid="to-group" />
      )}
      <Form.List name="invoices">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline">
                <Form.Item name={[f.name, 'invoiceNo']} label={i === 0 ? t('mc.invoiceNo') : undefined} rules={[{ required: true, whitespace: true, max: 40 }]}>
                  <Input style={{ width: 240 }} aria-label={`${t('mc.invoiceNo')} ${i + 1}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount']} label={i === 0 ? t('mc.invoiceAmount') : undefined} rules={yuanRules(t('common.yuanInvalid'))}>
                  <Input prefix="¥" style={{ width: 200 }} aria-label={`${t('mc.invoiceAmount')} ${i + 1}`} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add({ invoiceNo: '', amount: '' })} icon={<PlusOutlined />} data-testid="add-invoice">
              {t('mc.addInvoice')}
            </Button>
          </>
        )}
      </Form.List>
    </FormDialog>
  );
}
