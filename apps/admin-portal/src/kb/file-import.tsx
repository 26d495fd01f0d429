import type { ImportReport } from '@mi/contracts';
import { Alert, Button, Card, DatePicker, Form, type FormInstance, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { ApiError, errorText } from '../api/problem';
import { useAuth } from '../auth/auth';
import { shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { applyFieldErrors } from '../shell/form-errors';
import { regionName } from '../shell/regions';
import { ruleRegionsOf } from './rules-page';

/**
 * A knowledge-base file import (知识库目录, 编码表): a region, the first day the file applies and the
 * file as CSV or Excel; all or nothing, a refused file answered with every rejected row. The pages
 * add what their route needs (a coding table's kind) and what the file must hold.
 */

type Rejected = ImportReport['rejected'][number];

/** What every import asks. */
export interface ImportValues {
  region: string;
  validFrom: Dayjs;
  file: File;
}

/** The part of the request every import route takes: region, first day, the file's name and the file (CSV as text or XLSX as base64). */
export type ImportBody = { region: string; validFrom: string; fileName: string } & ({ csv: string } | { xlsx: string });

/** What came back: the report of an import, or the rows the server rejected (nothing of the file was imported). */
interface Outcome<R> {
  fileName: string;
  rows: number;
  imported: number;
  rejected: Rejected[];
  report?: R;
}

/** The rejected rows of a refused import (problem+json `details.rejected`, `details.rows`), or undefined for another error. */
export function rejectedRowsOf(e: unknown): { rows: number; rejected: Rejected[] } | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const d = e.problem.details;
  if (!d || !Array.isArray(d.rejected)) return undefined;
  return { rows: Number(d.rows ?? 0), rejected: d.rejected as Rejected[] };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the file picker offers: CSV or an Excel workbook (.xlsx, not the old .xls). */
export const IMPORT_ACCEPT = `.csv,text/csv,.xlsx,${XLSX_TYPE}`;

/** A file input as a form control: its value is the chosen file. */
function ImportFileInput({ onChange }: { value?: File; onChange?(file?: File): void }) {
  return <input type="file" accept={IMPORT_ACCEPT} data-testid="csv-file" onChange={(e) => onChange?.(e.target.files?.[0])} />;
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
 * portal's bundle, and one place that decides what a row is.
 */
async function fileBody(f: File): Promise<{ csv: string } | { xlsx: string }> {
  return isWorkbook(f) ? { xlsx: await base64Of(f) } : { csv: await f.text() };
}

export interface FileImportProps<V extends ImportValues, R extends ImportReport> {
  title: ReactNode;
  /** The caller's form instance, when it reads values itself (a coding table's kind). */
  form?: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Form items before the region. */
  fields?: ReactNode;
  /** Sends the import; the caller adds what its route needs from `values`. */
  send(body: ImportBody, values: V): Promise<R>;
  /** The report's headline when the file was imported; rows, imported and rejected rows by default. */
  describe?(report: R): string;
  /** Below the form: what the file must hold. */
  children?: ReactNode;
}

/**
 * The import form and its report: region (a province's own file is the province admin's; cities are
 * kept by their officers too), first day, the file; a refused file lists every rejected row with line,
 * field and reason; a file that cannot be read says why under the file field.
 */
export function FileImport<V extends ImportValues, R extends ImportReport>(p: FileImportProps<V, R>) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  const regions = ruleRegionsOf(user?.scope ?? '').filter((r) => roles.includes('province-admin') || !r.endsWith('0000'));
  const [own] = Form.useForm<V>();
  const form = p.form ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome<R>>();

  async function submit(v: V) {
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    try {
      const body = { region: v.region, validFrom: v.validFrom.format('YYYY-MM-DD'), fileName: v.file.name, ...(await fileBody(v.file)) };
      const report = await p.send(body, v);
      setOutcome({ fileName: v.file.name, rows: report.rows, imported: report.imported, rejected: report.rejected, report });
    } catch (e) {
      const refused = rejectedRowsOf(e);
      if (refused) setOutcome({ fileName: v.file.name, imported: 0, ...refused });
      else if (!applyFieldErrors(form, e)) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const headline = (o: Outcome<R>) =>
    (o.report && p.describe?.(o.report)) ?? t('catalogue.rows', { rows: o.rows, imported: o.imported, rejected: new Set(o.rejected.map((r) => r.line)).size });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card title={p.title}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
        <Form<V>
          form={form}
          layout="inline"
          data-testid="import-form"
          initialValues={{ region: regions[0], validFrom: dayjs(shanghaiToday()), ...p.initialValues }}
          onFinish={(v) => void submit(v)}
        >
          {p.fields}
          <Form.Item name="region" label={t('rule.region')} rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={regions.map((r) => ({ value: r, label: regionName(r, lang) }))} />
          </Form.Item>
          <Form.Item name="validFrom" label={t('catalogue.validFrom')} rules={[{ required: true }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="file" label={t('catalogue.file')} rules={[{ required: true, message: t('catalogue.fileRequired') }]}>
            <ImportFileInput />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="import">
            {t('catalogue.import')}
          </Button>
        </Form>
        {p.children}
      </Card>
      {outcome && (
        <Card title={`${t('catalogue.report')} · ${outcome.fileName}`} data-testid="import-report">
          <Alert
            type={outcome.rejected.length > 0 ? 'error' : 'success'}
            showIcon
            title={headline(outcome)}
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
