import type { Page } from 'playwright-core';
import { SAMPLE_CODES } from '@mi/rules';
import { admitHospital, aHisSettlement, postSignedHis, startTestPlatform, TEST_USER_PASSWORD, type TestPlatform } from '@mi/testing';
import { confirmModal, launchPortalBrowser, type PortalBrowser } from './admin-portal-browser';

/**
 * 审核案件 in the portal, in Chromium against the built gateway and services: a hospital's HIS
 * uploads a settlement the initial review flags (progesterone for a man), which opens a case at
 * 初审. Reviewer A escalates it from the queue, reviewer B notifies the findings, the hospital
 * appeals from its HIS with an attachment, A upholds and proposes a deduction, B approves it in the
 * approvals inbox, and the case shows 结案 · 已扣款. Screenshots: tmp/portal-screenshots/2x-*.png.
 */
describe('admin portal: a review case from finding to approved deduction', () => {
  let platform: TestPlatform;
  let browser: PortalBrowser;
  let cred: { paasId: string; paasToken: string };
  const code = 'H43010200009';
  const setlId = 'UIREVIEW0001';
  let caseId: string;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service', 'monitoring-kb-service', 'claims-review-service']);
    const [maker, checker] = [await platform.user('cs.maker', ['city-officer'], '430100'), await platform.user('cs.checker', ['city-officer'], '430100')];
    cred = await admitHospital(maker, checker, platform.admin, code);
    await platform.user('rev.a', ['reviewer'], '430100');
    await platform.user('rev.b', ['reviewer'], '430100');
    const upload = await postSignedHis(platform.base, cred, '/his/v1/settlements', {
      settlements: [aHisSettlement({ setlId, institutionCode: code, hilistCode: SAMPLE_CODES.progesterone, gender: '1' })],
    });
    expect(upload.body.output.results).toEqual([expect.objectContaining({ status: 'ACCEPTED', findings: expect.arrayContaining([expect.anything()]) })]);
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

  /** Takes a case action from the detail page with its note and waits for the stage it leads to. */
  async function act(page: Page, action: string, note: string, stage: string): Promise<void> {
    await page.getByTestId(`action-${action}`).click();
    await page.getByTestId('action-form').getByLabel('审核意见').fill(note);
    await confirmModal(page);
    await page.getByTestId('stage').filter({ hasText: stage }).first().waitFor();
  }

  it('shows reviewer A the flagged case in the 初审 queue with its countdown; A escalates it', async () => {
    a = await signIn('rev.a');
    await a.getByTestId('nav').getByRole('link', { name: '审核案件' }).click();
    const row = a.getByTestId('cases-table').locator('tr', { hasText: setlId });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/剩 \d+ 个工作日|无截止日期/);
    expect(await row.innerText()).toContain('¥');
    await browser.shot(a, '21-review-queue');

    await row.getByRole('link').click();
    await a.waitForURL('**/review/cases/*');
    caseId = a.url().split('/').pop() ?? '';
    await a.locator('tr.mi-flagged').first().waitFor();
    await browser.shot(a, '22-review-case-initial');
    await act(a, 'escalate', '规则命中，性别与用药不符，转复审', '复审');
  });

  it('lets reviewer B, not A, notify the institution of the findings', async () => {
    expect(await a.getByTestId('action-notify').count()).toBe(1); // offered; the server refuses A (four eyes)
    b = await signIn('rev.b');
    await b.goto(`${platform.base}/review/cases/${caseId}`);
    await b.getByTestId('action-notify').click();
    await b.getByTestId('action-form').getByLabel('审核意见').fill('告知疑点：男性患者使用黄体酮');
    await browser.shot(b, '23-review-notify-form');
    await confirmModal(b);
    await b.getByTestId('stage').filter({ hasText: '申诉' }).first().waitFor();
  });

  it('shows the hospital’s appeal with its attachment; A upholds', async () => {
    const appeal = await postSignedHis(platform.base, cred, `/his/v1/review-cases/${caseId}/appeal`, {
      fixmedins_code: code,
      statement: '患者为变性手术后激素治疗，附病历',
      attachments: [{ fileName: '病历.txt', contentType: 'text/plain', contentBase64: Buffer.from('病历摘要').toString('base64') }],
    });
    expect(appeal.body).toMatchObject({ infcode: 0, output: { stage: 'VERIFY' } });
    await a.reload();
    const card = a.getByTestId('case-appeal');
    await card.getByText('病历.txt').waitFor();
    const [download] = await Promise.all([a.waitForEvent('download'), card.getByTestId('attachment').click()]);
    expect(download.suggestedFilename()).toBe('病历.txt');
    await browser.shot(a, '24-review-case-appeal');
    await act(a, 'uphold', '申诉理由不成立，病历未见相关诊断', '处理');
  });

  it('lets A propose the deduction and B approve it in the inbox; the case closes as deducted', async () => {
    await a.getByTestId('action-propose-deduction').click();
    const form = a.getByTestId('action-form');
    expect(await form.getByLabel('扣款金额（元）').inputValue()).toMatch(/^\d+\.\d{2}$/);
    await form.getByLabel('扣款理由').fill('违规使用限性别药品');
    await confirmModal(a);
    await a.getByTestId('deduction-proposed').waitFor();

    await b.goto(`${platform.base}/approvals?context=review`);
    const row = b.getByTestId('approvals-table').locator('tr', { hasText: 'rev.a' });
    await row.waitFor();
    await browser.shot(b, '25-review-deduction-inbox');
    await row.getByTestId('approve').click();
    await b.locator('.ant-modal').getByRole('textbox').fill('核实无误');
    await confirmModal(b);
    await b.getByText('已处理').waitFor();

    await a.reload();
    await a.getByTestId('stage').filter({ hasText: '结案 · 已扣款' }).first().waitFor();
    expect(await a.getByTestId('case-history').innerText()).toContain('扣款结案');
    await browser.shot(a, '26-review-case-deducted');
    const closed = await platform.admin.get(`/api/v1/review/cases/${caseId}`);
    expect(closed.body).toMatchObject({ stage: 'CLOSED', outcome: 'DEDUCTED' });
  });
});
