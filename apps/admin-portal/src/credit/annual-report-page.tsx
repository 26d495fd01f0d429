import type { AnnualReportSubmission, ReferralAnnualReport, ReferralCount, ReferralDepartment } from '@mi/contracts';
import { Alert, App, Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatDate, formatDateTime, shanghaiToday } from '../format/format';
import { useI18n } from '../i18n/i18n';
import { ApiErrorView } from '../shell/api-error-alert';
import { EChart } from '../shell/echart';
import { regionName } from '../shell/regions';
import { useLoad } from '../shell/use-load';
import { departmentOf, mayActOnReferrals } from './referral-labels';

const DEPARTMENTS: readonly ReferralDepartment[] = ['BUREAU', 'COMMISSION'];

/** Each department the report covers with its submission, a missing one as not submitted. */
export function submissionRows(r: ReferralAnnualReport): (AnnualReportSubmission & { submitted: boolean })[] {
  const issuers = r.issuer === 'BOTH' ? DEPARTMENTS : [r.issuer];
  return issuers.map((issuer) => {
    const s = r.submissions.find((x) => x.issuer === issuer);
    return { issuer, submittedAt: null, submittedBy: null, late: false, overdueNotifiedAt: null, ...s, submitted: Boolean(s?.submittedAt) };
  });
}

/** The bar chart of the year's referrals by reason. */
export function reasonChartOption(r: ReferralAnnualReport) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 72 },
    xAxis: { type: 'category', data: r.byReason.map((c) => c.key), axisLabel: { interval: 0, rotate: r.byReason.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: r.byReason.map((c) => ({ value: c.count, name: c.label })), barMaxWidth: 40, label: { show: true, position: 'top' } }],
  };
}

/**
 * 年度移送情况报告: a year's referrals of the user's region (default last year) — figures, the bar
 * chart by reason, the due date (15 January) with an overdue marker, each department's submission,
 * and the submission of the user's department (officers and the health-commission liaison).
 */
export function AnnualReportPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { modal, message } = App.useApp();
  const [year, setYear] = useState(Number(shanghaiToday().slice(0, 4)) - 1);
  const [issuer, setIssuer] = useState<ReferralDepartment>();
  const [submitError, setSubmitError] = useState<string>();
  const report = useLoad(() => api.get('/api/v1/credit/referrals/annual-report', { query: { year, issuer } }), [year, issuer]);
  const r = report.data;
  const chart = useMemo(() => (r ? reasonChartOption(r) : undefined), [r]);
  const roles = user?.roles ?? [];
  const dept = departmentOf(roles);
  const own = r ? submissionRows({ ...r, issuer: 'BOTH' }).find((s) => s.issuer === dept) : undefined;

  function submit() {
    setSubmitError(undefined);
    modal.confirm({
      title: t('report.submit'),
      content: t('report.submitConfirm', { dept: t(`report.dept.${dept}`), year }),
      okButtonProps: { 'data-testid': 'confirm-submit' },
      onOk: async () => {
        try {
          await api.post('/api/v1/credit/referrals/annual-report/submissions', { body: { year } });
          void message.success(t('report.submitted', { year }));
          report.reload();
        } catch (e) {
          setSubmitError(submitErrorText(e, year, t));
        }
      },
    });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4}>{t('nav.referralReport')}</Typography.Title>
      <Space wrap>
        {t('report.year')}
        <DatePicker
          picker="year"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          onChange={(d) => d && setYear(d.year())}
          disabledDate={(d) => d.year() > Number(shanghaiToday().slice(0, 4))}
          data-testid="report-year"
        />
        {t('report.issuer')}
        <Select
          allowClear
          style={{ width: 180 }}
          value={issuer}
          placeholder={t('report.issuer.BOTH')}
          onChange={(v?: ReferralDepartment) => setIssuer(v)}
          options={DEPARTMENTS.map((d) => ({ value: d, label: t(`report.dept.${d}`) }))}
          data-testid="report-issuer"
        />
        {mayActOnReferrals(roles) && (
          <Button type="primary" onClick={submit} disabled={!r || own?.submitted} data-testid="submit-report">
            {t('report.submit')}（{t(`report.dept.${dept}`)}）
          </Button>
        )}
      </Space>
      {submitError && <Alert type="error" showIcon closable title={submitError} onClose={() => setSubmitError(undefined)} data-testid="submit-error" />}
      {report.error ? <ApiErrorView error={report.error} /> : null}
      {r && (
        <>
          <Card>
            <Space size={48} wrap>
              <Statistic title={t('report.total')} value={r.total} />
              <Statistic title={t('report.referralOverdue')} value={r.overdue} styles={{ content: r.overdue ? { color: '#cf1322' } : undefined }} />
              <Statistic title={t('report.completionOverdue')} value={r.completionOverdue} />
              <Statistic title={t('report.awaitingReceipt')} value={r.awaitingReceipt} />
              <div data-testid="report-due" className={r.reportOverdue ? 'mi-overdue' : undefined}>
                <Typography.Text type="secondary">{t('report.dueBy')}</Typography.Text>
                <div style={{ fontSize: 20 }}>
                  {formatDate(r.dueBy)} {r.reportOverdue && <Tag color="red">{t('report.overdue')}</Tag>}
                </div>
              </div>
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {regionName(r.admdvs, lang)} · {t(r.issuer === 'BOTH' ? 'report.issuer.BOTH' : `report.dept.${r.issuer}`)} · {t('report.generatedAt')}{' '}
              {formatDateTime(r.generatedAt)}
            </Typography.Paragraph>
          </Card>
          <Card title={t('report.submissions')}>
            <Table
              rowKey="issuer"
              size="small"
              pagination={false}
              dataSource={submissionRows(r)}
              data-testid="report-submissions"
              columns={[
                { title: t('report.issuer'), dataIndex: 'issuer', render: (d: ReferralDepartment) => t(`report.dept.${d}`) },
                { title: t('report.submittedBy'), dataIndex: 'submittedBy', render: (b: string | null) => b ?? '—' },
                { title: t('report.submittedAt'), dataIndex: 'submittedAt', render: (at: string | null) => formatDateTime(at) },
                {
                  title: t('common.status'),
                  render: (_, s) => (
                    <Space size={4} wrap>
                      {s.submitted ? (
                        <Tag color={s.late ? 'orange' : 'green'}>{t(s.late ? 'report.late' : 'report.onTime')}</Tag>
                      ) : (
                        <Tag color={r.reportOverdue ? 'red' : 'default'}>{t('report.notSubmitted')}</Tag>
                      )}
                      {s.overdueNotifiedAt && (
                        <Typography.Text type="secondary">{t('report.overdueNotified', { at: formatDateTime(s.overdueNotifiedAt) })}</Typography.Text>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
          <Card title={t('report.byReason')}>{chart && <EChart option={chart} height={260} testId="reason-chart" />}</Card>
          <Row gutter={[16, 16]}>
            <CountTable title={t('report.byReason')} counts={r.byReason} testId="by-reason" wide />
            <CountTable title={t('report.byDirection')} counts={r.byDirection} />
            <CountTable title={t('report.byStatus')} counts={r.byStatus} />
            <CountTable title={t('report.byOutcome')} counts={r.byOutcome} />
            <CountTable title={t('report.onward')} counts={r.onward} />
            <CountTable title={t('report.byRegion')} counts={r.byRegion.map((c) => ({ ...c, label: regionName(c.key, lang) }))} />
          </Row>
        </>
      )}
    </Space>
  );
}

/** One breakdown of the report as a small table; `wide` for the reasons, whose labels are long sentences. */
function CountTable({ title, counts, testId, wide }: { title: string; counts: ReferralCount[]; testId?: string; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <Col xs={24} md={wide ? 24 : 12} xl={wide ? 24 : 8}>
      <Card size="small" title={title}>
        <Table<ReferralCount>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={counts}
          data-testid={testId}
          columns={[
            { title: t('report.item'), render: (_, c) => (c.label === c.key ? c.key : `${c.label}（${c.key}）`) },
            { title: t('report.count'), dataIndex: 'count', align: 'right', width: 80 },
          ]}
        />
      </Card>
    </Col>
  );
}

/** A refused submission said plainly: already submitted, or the year has not ended; else the server's message. */
function submitErrorText(e: unknown, year: number, t: ReturnType<typeof useI18n>['t']): string {
  if (e instanceof ApiError && e.code === 'REFERRAL.REPORT_SUBMITTED') return `${t('report.alreadySubmitted')}（${e.message}）`;
  if (e instanceof ApiError && e.code === 'REFERRAL.YEAR_NOT_ENDED') return t('report.yearNotEnded', { year });
  return e instanceof ApiError ? e.message : String(e);
}
