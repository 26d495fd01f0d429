import type { CodingTableImportReport, CodingTableKind } from '@mi/contracts';
import { Descriptions, Form, Select, Space, Typography } from 'antd';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { FileImport, type ImportValues } from './file-import';

/** The tables a bureau loads whole (the server's CODING_TABLE_KINDS: the portal imports nothing but types from @mi/contracts). */
export const CODING_TABLE_KINDS: readonly CodingTableKind[] = ['diagnosisCodes', 'operations', 'diseaseLists'];

/** Each table's header row and one row of it (docs/operations.md; any column order, other columns ignored). */
const LAYOUTS: Record<CodingTableKind, { header: string; row: string }> = {
  diagnosisCodes: { header: 'code,name', row: 'K29.700,慢性胃炎' },
  operations: { header: 'code_prefix,name,gender', row: '68,子宫切开术和切除术,2' },
  diseaseLists: { header: 'list_code,list_name,benefit,diagnosis_prefix', row: 'LB-DM,糖尿病（两病）,两病门诊用药保障,E11' },
};

interface CodingTableValues extends ImportValues {
  kind: CodingTableKind;
}

/**
 * 编码表导入: a coding table the rules read — ICD-10 医保版 diagnosis codes, operations with their gender
 * constraint, 限定病种目录 — as CSV or Excel, replacing the region's table of that kind from a date;
 * the layout of the chosen table beside the form, every rejected row in the report.
 */
export function CodingTablePage() {
  const { t } = useI18n();
  const [form] = Form.useForm<CodingTableValues>();
  const kind = Form.useWatch('kind', form) ?? 'diagnosisCodes';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.codingTables')}</Typography.Title>
      <FileImport<CodingTableValues, CodingTableImportReport>
        title={t('codingTable.title')}
        form={form}
        initialValues={{ kind: 'diagnosisCodes' }}
        fields={
          <Form.Item name="kind" label={t('codingTable.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 280 }}
              data-testid="coding-table-kind"
              options={CODING_TABLE_KINDS.map((k) => ({ value: k, label: t(`codingTable.kind.${k}`) }))}
            />
          </Form.Item>
        }
        send={(body, v) => api.post('/api/v1/kb/coding-tables/import', { body: { kind: v.kind, ...body } })}
        describe={(r) => t(`codingTable.imported.${r.kind}`, { rows: r.rows, imported: r.imported, validFrom: r.validFrom })}
      >
        <TableLayout kind={kind} />
      </FileImport>
    </Space>
  );
}

/** What a file of the table must hold: the rule that reads it, its columns and a row, and that it replaces the table whole. */
function TableLayout({ kind }: { kind: CodingTableKind }) {
  const { t } = useI18n();
  const { header, row } = LAYOUTS[kind];
  return (
    <>
      <Descriptions column={1} size="small" bordered style={{ marginTop: 16 }} data-testid="coding-table-layout">
        <Descriptions.Item label={t('codingTable.readBy')}>{t(`codingTable.rule.${kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('codingTable.columns')}>
          <Typography.Text code data-testid="coding-table-header">
            {header}
          </Typography.Text>{' '}
          {t(`codingTable.columnsNote.${kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('codingTable.example')}>
          <pre style={{ margin: 0 }}>{`${header}\n${row}`}</pre>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('codingTable.wholeTable')}
      </Typography.Paragraph>
    </>
  );
}
