import type { ImportReport } from '@mi/contracts';
import { Alert, Button, Card, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, errorText } from '../api/problem';
import { useAuth } from '../auth/auth';
import { shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { applyFieldErrors } from '../shell/form-errors';
import { regionName } from '../shell/regions';
import { ruleRegionsOf } from './rules-page';

type Rejected = ImportReport['rejected'][number];

interface ImportValues {
  region: string;
  validFrom: Dayjs;
  file: File;
}

/** What came back: the report of an import, or the rows the server rejected (nothing of the file was imported). */
interface Outcome {
  fileName: string;
  rows: number;
  imported: number;
  rejected: Rejected[];
}

/** The rejected rows of a refused import (problem+json `details.rejected`, `details.rows`), or undefined for another error. */
export function rejectedRowsOf(e: unknown): { rows: number; rejected: Rejected[] } | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const d = e.problem.details;
  if (!d || !Array.isArray(d.rejected)) return undefined;
  return { rows: Number(d.rows ?? 0), rejected: d.rejected as Rejected[] };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the file picker offers: the catalogue as CSV or as an Excel workbook (.xlsx, not the old .xls). */
export const CATALOGUE_ACCEPT = `.csv,text/csv,.xlsx,${XLSX_TYPE}`;

/** A file input as a form control: its value is the chosen file. */
function CatalogueFileInput({ onChange }: { value?: File; onChange?(file?: File): void }) {
  return <input type="file" accept={CATALOGUE_ACCEPT} data-testid="csv-file" onChange={(e) => onChange?.(e.target.files?.[0])} />;
}

/** A workbook goes to the server as such (an old .xls too, for the server to say so); by name, as a CSV may carry Excel's MIME type. */
const isWorkbook = (f: File): boolean => f.type === XLSX_TYPE || /\.xls[xm]?$/i.test(f.name);

/** The file's bytes as base64 (in slices: a spread of a whole file would overflow the call stack). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The file as the gateway takes it: CSV as its text, XLSX as base64. The workbook is read on the
 * server (monitoring-kb-service, with the CSV's parser), not here: no spreadsheet library in the
 * portal's bundle, and one place that decides what a catalogue row is.
 */
async function fileBody(f: File): Promise<{ csv: string } | { xlsx: string }> {
  return isWorkbook(f) ? { xlsx: await base64Of(f) } : { csv: await f.text() };
}

/** 知识库目录导入: a catalogue as CSV or Excel (drugs, services, consumables with their limits) for a province or city from a date; the report lists each rejected row. */
export function CataloguePage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  // A province's own catalogue is the province admin's; cities are kept by their officers too.
  const regions = ruleRegionsOf(user?.scope ?? '').filter((r) => roles.includes('province-admin') || !r.endsWith('0000'));
  const [form] = Form.useForm<ImportValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();

  async function submit(v: ImportValues) {
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    try {
      const report = await api.post('/api/v1/kb/catalogue/import', {
        body: { region: v.region, validFrom: v.validFrom.format('YYYY-MM-DD'), fileName: v.file.name, ...(await fileBody(v.file)) },
      });
      setOutcome({ fileName: v.file.name, rows: report.rows, imported: report.imported, rejected: report.rejected });
    } catch (e) {
      const refused = rejectedRowsOf(e);
      if (refused) setOutcome({ fileName: v.file.name, imported: 0, ...refused });
      else if (!applyFieldErrors(form, e)) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.catalogue')}</Typography.Title>
      <Card title={t('catalogue.title')}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
        <Form<ImportValues>
          form={form}
          layout="inline"
          data-testid="import-form"
          initialValues={{ region: regions[0], validFrom: dayjs(shanghaiToday()) }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="region" label={t('rule.region')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={regions.map((r) => ({ value: r, label: regionName(r, lang) }))} />
          </Form.Item>
          <Form.Item name="validFrom" label={t('catalogue.validFrom')} rules={[{ required: true }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="file" label={t('catalogue.file')} rules={[{ required: true, message: t('catalogue.fileRequired') }]}>
            <CatalogueFileInput />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="import">
            {t('catalogue.import')}
          </Button>
        </Form>
      </Card>
      {outcome && (
        <Card title={`${t('catalogue.report')} · ${outcome.fileName}`} data-testid="import-report">
          <Alert
            type={outcome.rejected.length > 0 ? 'error' : 'success'}
            showIcon
            title={t('catalogue.rows', { rows: outcome.rows, imported: outcome.imported, rejected: new Set(outcome.rejected.map((r) => r.line)).size })}
            description={outcome.rejected.length > 0 ? t('catalogue.allOrNothing') : undefined}
            style={{ marginBottom: 12 }}
          />
          {outcome.rejected.length > 0 && (
            <Table<Rejected>
              rowKey={(r) => `${r.line}:${r.field}`}
              size="small"
              dataSource={outcome.rejected}
              data-testid="rejected-rows"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('catalogue.line'), dataIndex: 'line', width: 80 },
                { title: t('catalogue.field'), dataIndex: 'field', width: 200 },
                { title: t('catalogue.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
