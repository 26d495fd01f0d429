import type { Page } from 'playwright-core';
import { SAMPLE_CODES } from '@mi/rules';
import { admitHospital, aHisSettlement, postSignedHis, startTestPlatform, TEST_USER_PASSWORD, type TestPlatform, waitFor } from '@mi/testing';
import { confirmModal, launchPortalBrowser, type PortalBrowser } from './admin-portal-browser';

/**
 * 智能监控预警 and 规则库 in the portal, in Chromium against the built gateway and services: a city
 * officer lowers the city's large-expenditure threshold, a hospital's settlement raises an alert
 * (ClaimSettled → monitoring-kb), the officer opens it from the alert list, sees the window chart
 * and the settlement, and confirms it with a note; the province admin reads the seeded provincial
 * rules and one rule's DSL with its draft form; the city officer sees the rules in force in the
 * city, the detector thresholds and a refused catalogue CSV's rejected rows. Screenshots: tmp/portal-screenshots/4x-*.png.
 */
describe('admin portal: anomaly alerts and the rule base', () => {
  let platform: TestPlatform;
  let browser: PortalBrowser;
  const code = 'H43010200011';
  const setlId = 'UIALERT0001';

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service']);
    const [maker, checker] = [await platform.user('kb.maker', ['city-officer'], '430100'), await platform.user('kb.checker', ['city-officer'], '430100')];
    const province = await platform.user('kb.province', ['province-admin'], '430000');
    expect(JSON.stringify((await province.get('/api/v1/kb/rules/430000')).body)).toContain('"ruleId":"GZ10000204002000"'); // the seeded provincial set
    const cred = await admitHospital(maker, checker, platform.admin, code);
    const lowered = await maker.call('PUT', '/api/v1/kb/anomaly-thresholds/430100/LARGE_EXPENDITURE', {
      params: { minAmountFen: 2000 },
      reason: '演示：20元即视为大额',
    });
    expect(lowered.status).toBe(200);
    const upload = await postSignedHis(platform.base, cred, '/his/v1/settlements', {
      settlements: [aHisSettlement({ setlId, institutionCode: code, hilistCode: SAMPLE_CODES.paracetamol })],
    });
    expect(upload.body.output.results).toEqual([expect.objectContaining({ status: 'ACCEPTED' })]);
    await waitFor(
      async () => {
        const list = await maker.get('/api/v1/kb/alerts?type=LARGE_EXPENDITURE');
        return (list.body.total as number) > 0;
      },
      30_000,
      'the large-expenditure alert',
    );
    browser = await launchPortalBrowser(platform.base);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.tab();
    await browser.login(page, username, `${TEST_USER_PASSWORD}-new`);
    await page.waitForURL('**/dashboard');
    return page;
  }

  it('lists the alert for the city officer, explains it with its window chart, and takes the confirmation with a note', async () => {
    const page = await signIn('kb.maker');
    await page.getByTestId('nav').getByRole('link', { name: '智能监控预警' }).click();
    const row = page.getByTestId('alerts-table').locator('tr', { hasText: code });
    await row.waitFor();
    expect(await row.innerText()).toContain('单次大额支出');
    expect(await row.innerText()).toContain('¥25.00 / ¥20.00');
    await browser.shot(page, '41-alerts-list');

    await row.getByRole('link').click();
    await page.waitForURL('**/kb/alerts/*');
    await page.getByTestId('alert-settlements').getByRole('cell', { name: setlId, exact: true }).waitFor();
    expect(await page.getByTestId('explanation').innerText()).toMatch(/大额/);
    await page.getByTestId('window-chart').locator('canvas').waitFor();
    await browser.shot(page, '42-alert-detail');

    await page.getByTestId('confirm-alert').click();
    await page.getByTestId('decision-form').getByLabel('核查结论').fill('核实属实，转稽核');
    await confirmModal(page);
    await page.getByTestId('alert-note').filter({ hasText: '核实属实，转稽核' }).waitFor();
    expect(await page.getByTestId('confirm-alert').count()).toBe(0);
  });

  it('shows the province admin the provincial rules and one rule readably, with its draft form', async () => {
    const page = await signIn('kb.province');
    await page.getByTestId('nav').getByRole('link', { name: '规则库' }).click();
    const row = page.getByTestId('versions-table').locator('tr', { hasText: 'GZ10000204002000' });
    await row.waitFor();
    await browser.shot(page, '43-rules-versions');

    await row.getByRole('link').click();
    await page.waitForURL('**/kb/rules/430000/GZ10000204002000');
    expect(await page.getByTestId('rule-condition').innerText()).toBe('visits > 〔maxVisits〕');
    await browser.shot(page, '44-rule-detail');
    await page.getByTestId('edit-draft').click();
    await page.getByTestId('rule-draft-form').getByLabel('maxVisits').waitFor();
    await browser.shot(page, '45-rule-draft-form');
  });

  it('shows the city officer the rules in force in the city', async () => {
    const page = await signIn('kb.checker');
    await page.goto(`${platform.base}/kb/rules`);
    await page.getByTestId('in-force-table').locator('tr', { hasText: 'GZ10000204002000' }).waitFor();
    expect(await page.getByTestId('set-in-force').innerText()).toContain('沿用省级规则集');
    await browser.shot(page, '46-rules-in-force');

    await page.getByTestId('nav').getByRole('link', { name: '预警阈值' }).click();
    const large = page.getByTestId('thresholds-table').locator('tr', { hasText: '单次大额支出' });
    expect(await large.innerText()).toContain('¥20.00');
    await browser.shot(page, '47-thresholds');

    await page.getByTestId('nav').getByRole('link', { name: '知识库目录导入' }).click();
    await page.getByTestId('csv-file').setInputFiles({
      name: 'items.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('hilist_code,hilist_name,list_type,max_age\n,无编码,101,\nX1,药品,101,abc\n'),
    });
    await page.getByTestId('import').click();
    const rejected = page.getByTestId('rejected-rows');
    await rejected.waitFor();
    expect(await rejected.locator('tbody tr').count()).toBeGreaterThan(0);
    await browser.shot(page, '48-catalogue-rejected');
  });
});
