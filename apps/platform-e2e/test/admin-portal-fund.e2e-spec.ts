import type { Page } from 'playwright-core';
import { SAMPLE_CODES } from '@mi/rules';
import { admitHospital, aHisSettlement, postSignedHis, startTestPlatform, TEST_USER_PASSWORD, type TestPlatform, waitFor } from '@mi/testing';
import { confirmModal, launchPortalBrowser, type PortalBrowser } from './admin-portal-browser';

/**
 * 年终清算 and 规则模拟 in the portal, in Chromium against the built gateway and services (issue #9's
 * "run a rule simulation, open the clearing statement"): a hospital is admitted, the city's budget
 * and the hospital's total control indicator for this year are proposed and approved through the
 * portal API, and its HIS uploads a settlement the progesterone rule flags. A city officer opens the
 * hospital's (provisional) clearing statement from 年终清算, then starts a simulation from 规则库 that
 * takes the flagging rule out, and follows the job to its report; then proposes the month's prepayment from 月度预付, which a
 * second officer approves from the inbox after reading each amount. Screenshots: tmp/portal-screenshots/6x-*.png.
 */
describe('admin portal: clearing statement and rule simulation', () => {
  let platform: TestPlatform;
  let browser: PortalBrowser;
  let page: Page;
  const code = 'H43010200011';
  const setlId = 'UIFUND000001';
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  let flaggingRule: string;

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service', 'fund-pooling-service']);
    const [maker, checker] = [await platform.user('cf.maker', ['city-officer'], '430100'), await platform.user('cf.checker', ['city-officer'], '430100')];
    const cred = await admitHospital(maker, checker, platform.admin, code);
    const decided = async (proposed: { status: number; body: Record<string, unknown> }) => {
      expect(proposed.status).toBe(201);
      expect((await checker.post(`/api/v1/approvals/fund/${String(proposed.body.id)}/decide`, { decision: 'approve' })).status).toBe(200);
    };
    const key = { admdvs: '430100', year, insutype: '310' };
    await decided(
      await maker.post('/api/v1/fund/budgets', { ...key, incomeFen: '10000000', expenditureFen: '9000000', reserveSharePercent: '5', reason: '年度预算' }),
    );
    await decided(
      await maker.post('/api/v1/fund/total-control-indicators', {
        ...key,
        indicators: [{ institutionCode: code, indicatorFen: '100000' }],
        reason: '谈判协商',
      }),
    );
    const upload = await postSignedHis(platform.base, cred, '/his/v1/settlements', {
      settlements: [aHisSettlement({ setlId, institutionCode: code, hilistCode: SAMPLE_CODES.progesterone, gender: '1' })],
    });
    expect(upload.body.output.results).toEqual([expect.objectContaining({ status: 'ACCEPTED', findings: expect.arrayContaining([expect.anything()]) })]);
    // The rule that flagged it (from its review case) is the one the simulation takes out.
    const cases = await waitFor(async () => {
      const r = await maker.get('/api/v1/review/cases');
      const items = (r.body as { items?: { id: string; setlId: string }[] }).items ?? [];
      return items.find((c) => c.setlId === setlId);
    });
    const detail = await maker.get(`/api/v1/review/cases/${cases.id}`);
    flaggingRule = (detail.body as { findingsDetail: { ruleId: string }[] }).findingsDetail[0].ruleId;
    browser = await launchPortalBrowser(platform.base);
    page = await browser.tab();
    await browser.login(page, 'cf.maker', `${TEST_USER_PASSWORD}-new`);
    await page.waitForURL('**/dashboard');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('opens the hospital’s clearing statement from 年终清算: line by line, provisional, with the chart', async () => {
    await page.getByTestId('nav').getByRole('link', { name: '年终清算' }).click();
    await page.getByTestId('clearing-summary').first().waitFor();
    expect(await page.getByTestId('clearing-base').innerText()).toContain('¥1,000.00');
    await browser.shot(page, '61-clearing-summary');
    await page.getByTestId('clearing-lookup').getByLabel('机构编码').fill(code);
    await page.getByTestId('open-clearing-statement').click();
    await page.waitForURL(`**/fund/clearing/430100/${year}/310/statements/${code}`);
    const lines = page.getByTestId('clearing-lines');
    await lines.locator('tr[data-row-key^="CLEARING_AMOUNT"]').waitFor();
    expect(await page.getByTestId('clearing-status').innerText()).toContain('预清算');
    expect(await lines.locator('tr[data-row-key^="INDICATOR-"]').innerText()).toContain('¥1,000.00');
    expect(await lines.locator('tr[data-row-key^="SETTLEMENTS-"]').innerText()).toContain('¥15.00');
    expect(await page.getByTestId('clearing-kind').innerText()).toBe('结余');
    await page.getByTestId('clearing-chart').locator('canvas').waitFor();
    await browser.shot(page, '62-clearing-statement');
  });

  it('runs a rule simulation from 规则库 without the flagging rule, to its report', async () => {
    await page.getByTestId('nav').getByRole('link', { name: '规则库' }).click();
    await page.getByTestId('simulate').click();
    const form = page.getByTestId('simulation-form');
    await page.getByTestId('sim-remove').click();
    await page.keyboard.type(flaggingRule);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await form.getByLabel('模拟理由').fill('评估移出该规则的影响');
    await browser.shot(page, '63-simulation-form');
    await confirmModal(page);
    await page.waitForURL('**/kb/simulations/*');
    await page.getByTestId('simulation-status').filter({ hasText: '已完成' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('sim-by-institution').waitFor();
    await browser.shot(page, '64-simulation-report');
    const byRule = page.getByTestId('sim-by-rule');
    const row = byRule.locator(`tr[data-row-key="${flaggingRule}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('仅已发布');
    expect(await page.getByTestId('sim-by-institution').locator(`tr[data-row-key="${code}"]`).innerText()).toContain('¥');

    await page.getByTestId('nav').getByRole('link', { name: '规则模拟' }).click();
    await page.getByTestId('simulations-table').getByText('已完成').waitFor();
    await browser.shot(page, '65-simulation-jobs');
  });

  it('proposes the month’s prepayment from 月度预付; a second officer reads each amount in the inbox and approves it', async () => {
    await page.getByTestId('nav').getByRole('link', { name: '月度预付' }).click();
    const items = page.getByTestId('prepayment-items');
    const mine = items.locator(`tr[data-row-key="${code}-310"]`);
    await mine.waitFor();
    expect(await page.getByTestId('prepayment-status').innerText()).toBe('测算（未拨付）');
    expect(await mine.innerText()).toContain('¥80.83'); // ¥1,000.00 ÷ 12 × 97 %
    await page.getByTestId('propose-prepayment').click();
    await page.getByTestId('prepayment-form').getByLabel('理由').fill('本月预付');
    await confirmModal(page);
    await page.getByTestId('approval-note').waitFor();
    await browser.shot(page, '66-prepayment-proposed');

    const second = await browser.tab();
    await browser.login(second, 'cf.checker', `${TEST_USER_PASSWORD}-new`);
    await second.waitForURL('**/dashboard');
    await second.goto(`${platform.base}/approvals?context=fund`);
    const row = second.getByTestId('approvals-table').locator('tr', { hasText: '月度预付 430100' });
    await row.waitFor();
    // The amounts are the proposal's line items, read from the server when the row opens.
    await row.locator('.ant-table-row-expand-icon').click();
    const payload = second.getByTestId('approval-payload');
    await payload.getByText(code).waitFor();
    expect(await payload.innerText()).toContain('¥80.83');
    await browser.shot(second, '67-prepayment-inbox');
    await row.getByTestId('approve').click();
    await second.locator('.ant-modal').getByRole('textbox').fill('同意预付');
    await confirmModal(second);
    await second.getByText('已处理').waitFor();
    await second.close();

    await page.reload();
    await page.getByTestId('prepayment-status').filter({ hasText: '已拨付' }).waitFor();
    expect(await page.getByTestId('prepayment-total').innerText()).toBe('¥80.83');
    await browser.shot(page, '68-prepayment-posted');
  });
});
