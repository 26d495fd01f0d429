import type { PenaltyMeasure, PenaltySubjectType, PenaltyView } from '@mi/contracts';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../api/client';
import { useAuth } from '../auth/auth';
import { shanghaiToday, yuanToFen } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { FormDialog } from '../shell/form-dialog';
import { yuanRules } from '../shell/money-rules';
import { childrenOf, regionName } from '../shell/regions';
import { MONEY_MEASURES, PENALTY_MEASURES } from './credit-labels';

interface MeasureValues {
  kind?: PenaltyMeasure;
  /** Yuan as typed; sent as `amountFen`. */
  amount?: string;
}

export interface PenaltyValues {
  subjectType: PenaltySubjectType;
  subjectCode: string;
  subjectName: string;
  admdvs: string;
  decisionNo: string;
  decidedOn: Dayjs;
  legalBasis: string;
  facts: string;
  measures: MeasureValues[];
  evidence?: string;
  caseRef?: string;
}

const isMoney = (kind?: PenaltyMeasure) => kind !== undefined && MONEY_MEASURES.includes(kind);

/** The request body of the form's values: trimmed texts, the amount of each money measure in fen, evidence one a line. */
export function penaltyBody(v: PenaltyValues) {
  const evidence = (v.evidence ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((title) => ({ title }));
  return {
    subjectType: v.subjectType,
    subjectCode: v.subjectCode.trim().toUpperCase(),
    subjectName: v.subjectName.trim(),
    admdvs: v.admdvs,
    decisionNo: v.decisionNo.trim(),
    decidedOn: v.decidedOn.format('YYYY-MM-DD'),
    legalBasis: v.legalBasis.trim(),
    facts: v.facts.trim(),
    measures: v.measures.map((m) => ({ kind: m.kind as PenaltyMeasure, ...(isMoney(m.kind) ? { amountFen: yuanToFen(m.amount) } : {}) })),
    ...(evidence.length ? { evidence } : {}),
    ...(v.caseRef?.trim() ? { caseRef: v.caseRef.trim() } : {}),
  };
}

/**
 * 登记处罚决定: the decision as taken outside the platform — subject, region, number, date (not after
 * today), legal basis, facts, its measures (each kind once; 责令退回/没收/罚款 with an amount in yuan,
 * sent as fen), evidence and the case it concludes. The server's field errors appear at their field
 * (`measures[1].amountFen` at that row's amount).
 */
export function RecordPenaltyDialog({ onClose, onDone }: { onClose(): void; onDone(p: PenaltyView): void }) {
  const { t, lang } = useI18n();
  const { user, region } = useAuth();
  const [form] = Form.useForm<PenaltyValues>();
  const measures = Form.useWatch('measures', form) as MeasureValues[] | undefined;
  const scope = user?.scope ?? '';
  const today = shanghaiToday();

  return (
    <FormDialog<PenaltyValues>
      title={t('penalty.record')}
      testId="penalty-form"
      width={760}
      form={form}
      renames={{ amountFen: 'amount' }}
      initialValues={{ subjectType: 'institution', admdvs: region ?? scope, measures: [{}] }}
      onClose={onClose}
      onSubmit={async (v) => onDone(await api.post('/api/v1/credit/penalties', { body: penaltyBody(v) }))}
    >
      <Space wrap>
        <Form.Item name="subjectType" label={t('ref.subjectType')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={(['institution', 'practitioner'] as const).map((s) => ({ value: s, label: t(`ref.subjectType.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="subjectCode"
          label={t('ref.subjectCode')}
          normalize={(v: string) => v.toUpperCase()}
          rules={[
            { required: true, whitespace: true },
            { pattern: /^[A-Z][A-Z0-9]{5,29}$/, message: t('penalty.subjectCodeInvalid') },
          ]}
        >
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="subjectName" label={t('ref.subjectName')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="admdvs" label={t('common.region')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={[scope, ...childrenOf(scope)].map((c) => ({ value: c, label: regionName(c, lang) }))} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="decisionNo" label={t('penalty.decisionNo')} rules={[{ required: true, whitespace: true, min: 3, max: 100 }]}>
          <Input style={{ width: 260 }} placeholder="长医保罚〔2026〕1号" />
        </Form.Item>
        <Form.Item
          name="decidedOn"
          label={t('penalty.decidedOn')}
          rules={[
            { required: true },
            {
              validator: (_, d?: Dayjs) => (!d || d.format('YYYY-MM-DD') <= today ? Promise.resolve() : Promise.reject(new Error(t('penalty.notAfterToday')))),
            },
          ]}
        >
          <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="caseRef" label={t('penalty.caseRef')} rules={[{ max: 64 }]}>
          <Input style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Form.Item name="legalBasis" label={t('penalty.legalBasis')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
        <Input placeholder="《医疗保障基金使用监督管理条例》第三十八条" />
      </Form.Item>
      <Form.Item name="facts" label={t('penalty.facts')} rules={[{ required: true, whitespace: true, min: 2, max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item label={t('penalty.measures')} required>
        <Form.List
          name="measures"
          rules={[{ validator: async (_, list?: unknown[]) => (list?.length ? undefined : Promise.reject(new Error(t('penalty.measures')))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="penalty-measures">
              {fields.map((f, i) => {
                const kind = measures?.[i]?.kind;
                const taken = new Set((measures ?? []).filter((_, j) => j !== i).map((m) => m?.kind));
                return (
                  <Space key={f.key} align="start" style={{ display: 'flex' }} data-testid={`measure-${i}`}>
                    <Form.Item
                      name={[f.name, 'kind']}
                      rules={[
                        { required: true, message: t('penalty.measure') },
                        {
                          validator: (_, k?: PenaltyMeasure) => (k && taken.has(k) ? Promise.reject(new Error(t('penalty.measureTwice'))) : Promise.resolve()),
                        },
                      ]}
                    >
                      <Select
                        style={{ width: 300 }}
                        placeholder={t('penalty.measure')}
                        options={PENALTY_MEASURES.map((m) => ({ value: m, label: t(`measure.${m}`), disabled: taken.has(m) }))}
                      />
                    </Form.Item>
                    {isMoney(kind) && (
                      <Form.Item name={[f.name, 'amount']} rules={yuanRules(t('common.yuanInvalid'))}>
                        <Input prefix="¥" placeholder={t('penalty.amount')} style={{ width: 180 }} />
                      </Form.Item>
                    )}
                    {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 9 }} onClick={() => remove(f.name)} aria-label="remove" />}
                  </Space>
                );
              })}
              {fields.length < PENALTY_MEASURES.length && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-measure">
                  {t('penalty.addMeasure')}
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="evidence" label={t('penalty.evidence')}>
        <Input.TextArea rows={2} placeholder="行政处罚决定书" />
      </Form.Item>
    </FormDialog>
  );
}
