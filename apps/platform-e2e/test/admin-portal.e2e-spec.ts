import type { Page } from 'playwright-core';
import { anInstitutionRegistration, aUscc, type PortalTestClient, startTestPlatform, TEST_USER_PASSWORD, type TestPlatform, waitFor } from '@mi/testing';
import { confirmModal, launchPortalBrowser, type PortalBrowser } from './admin-portal-browser';

const SYSTEMS = ['outpatient', 'e-prescription', 'purchase-sale-inventory', 'video-surveillance', 'identity-verification'];
const MATERIALS = ['application-form', 'licences', 'staff-roster', 'product-list-ledger', 'inspection-certificates', 'premises', 'last-year-accounts'];
const INITIAL_PASSWORD = 'Initial-Pass-2026!a';
const NEW_PASSWORD = 'Changed-Pass-2026!b';

function shanghaiDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A pharmacy through registry, application, evaluation and signing by two officers of its city (API). */
async function designatePharmacy(
  maker: PortalTestClient,
  checker: PortalTestClient,
  code: string,
  name: string,
  admdvs: string,
  serial: number,
): Promise<void> {
  const reg = await maker.post(
    '/api/v1/institutions',
    anInstitutionRegistration({ code, name, type: 'pharmacy', level: '0', admdvs, uscc: aUscc({ region: admdvs, serial }) }),
  );
  expect(reg.status).toBe(201);
  for (const kind of ['drug-trade', 'business', 'gsp']) {
    expect(
      (await maker.post(`/api/v1/institutions/${code}/licences`, { kind, number: `${kind}-${code}`, issuedOn: '2022-01-01', expiresOn: shanghaiDate(400) }))
        .status,
    ).toBe(201);
  }
  const app = await maker.post('/api/v1/applications', {
    institutionCode: code,
    materials: MATERIALS,
    facts: { openedOn: '2024-01-10', ownership: 'private', pharmacists: 2, salesFloorM2: 80, warehouseM2: 25, informationSystems: SYSTEMS },
  });
  expect(app.status).toBe(201);
  const id = String(app.body.id);
  const votes = ['a', 'b', 'c'].map((member, i) => ({ member, inFavour: i < 2 }));
  expect((await maker.post(`/api/v1/applications/${id}/evaluation`, { team: ['a', 'b', 'c'], votes })).body).toMatchObject({ status: 'PASSED' });
  const sign = await maker.post('/api/v1/agreements', {
    applicationId: id,
    indicators: { westernStockingRatePct: 80, costPerAdmissionFen: '850000' },
    reason: '评估合格',
  });
  expect(sign.status).toBe(202);
  expect((await checker.post(`/api/v1/approvals/agreement/${String(sign.body.approvalId)}/decide`, { decision: 'approve' })).status).toBe(200);
}

/**
 * The admin portal in Debian's Chromium against the built gateway and services: a new city officer
 * signs in and must change the initial password, proposes suspending an agreement with reason and
 * legal basis, a second officer approves it in the approvals inbox, and a Changsha officer cannot
 * see a Zhuzhou institution. Screenshots of each screen go to tmp/portal-screenshots.
 */
describe('admin portal in a browser', () => {
  let platform: TestPlatform;
  let browser: PortalBrowser;
  let checker: PortalTestClient;
  const changsha = { code: 'P43010200061', name: '长沙芙蓉康民大药房' };
  const zhuzhou = { code: 'P43020200071', name: '株洲荷塘益民大药房' };

  beforeAll(async () => {
    platform = await startTestPlatform(['agreement-service', 'credit-service']);
    checker = await platform.user('cs.checker', ['city-officer'], '430100');
    const seeder = await platform.user('cs.seeder', ['city-officer'], '430100');
    await designatePharmacy(seeder, checker, changsha.code, changsha.name, '430102', 61);
    const [zzMaker, zzChecker] = [await platform.user('zz.maker', ['city-officer'], '430200'), await platform.user('zz.checker', ['city-officer'], '430200')];
    await designatePharmacy(zzMaker, zzChecker, zhuzhou.code, zhuzhou.name, '430202', 71);
    // The officer who works in the browser: created by the administrator, still on the initial password.
    const created = await platform.admin.post('/api/v1/users', {
      username: 'cs.maker',
      displayName: '长沙经办甲',
      roles: ['city-officer'],
      scope: '430100',
      password: INITIAL_PASSWORD,
    });
    expect(created.status).toBe(201);

    browser = await launchPortalBrowser(platform.base);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const tab = () => browser.tab();
  const shot = (page: Page, name: string) => browser.shot(page, name);
  const login = (page: Page, username: string, password: string) => browser.login(page, username, password);

  let maker: Page;

  it('signs a new officer in: wrong password refused, initial password changed, dashboard', async () => {
    maker = await tab();
    await maker.goto(`${platform.base}/`);
    await maker.waitForURL('**/login');
    await shot(maker, '01-login');

    await login(maker, 'cs.maker', 'not-the-password');
    await expect(maker.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
    await shot(maker, '02-login-refused');

    await login(maker, 'cs.maker', INITIAL_PASSWORD);
    await maker.waitForURL('**/change-password');
    await maker.getByLabel('当前密码').fill(INITIAL_PASSWORD);
    await maker.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await maker.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await shot(maker, '03-change-password');
    await maker.getByRole('button', { name: '修改密码' }).click();
    await maker.waitForURL('**/dashboard');
    await maker.getByText(changsha.name).waitFor(); // expiring within 90 days: the term ends on 31 December
    await maker.waitForTimeout(1000); // the chart's entry animation
    await shot(maker, '04-dashboard');
    const nav = await maker.getByTestId('nav').innerText();
    expect(nav).toContain('协议管理');
    expect(nav).not.toContain('审计日志'); // a city officer has no audit trail
  });

  it('shows a Changsha officer Changsha’s agreements and not Zhuzhou’s institution', async () => {
    await maker.getByRole('link', { name: '协议管理' }).click();
    await maker.getByTestId('agreements-table').getByText(changsha.name).waitFor();
    expect(await maker.getByTestId('agreements-table').innerText()).not.toContain(zhuzhou.name);
    await shot(maker, '05-agreements');

    await maker.goto(`${platform.base}/institutions/${zhuzhou.code}`);
    await maker.getByText('页面不存在').waitFor();
    expect(await maker.locator('body').innerText()).not.toContain(zhuzhou.name);
    await shot(maker, '06-other-city-not-found');

    // The Zhuzhou officers' own API sees it: the refusal is the region scope, not a missing row.
    const zz = await platform.user('zz.reader', ['city-officer'], '430200');
    expect((await zz.get(`/api/v1/institutions/${zhuzhou.code}`)).status).toBe(200);
  });

  it('proposes a suspension with reason and legal basis; the proposal shows who must approve', async () => {
    await maker.goto(`${platform.base}/agreements/${changsha.code}`);
    await maker.getByTestId('propose-suspension').click();
    const form = maker.getByTestId('suspension-form');
    await form.getByLabel('理由').fill('飞行检查发现串换药品，责令整改');
    await form.getByLabel('法律依据').fill('《医疗机构医疗保障定点管理暂行办法》第三十八条');
    await form.getByLabel('开始日期').fill(shanghaiDate(1));
    await form.getByLabel('开始日期').press('Enter');
    await form.getByLabel('结束日期').fill(shanghaiDate(30));
    await form.getByLabel('结束日期').press('Enter');
    await shot(maker, '07-suspension-form');
    await confirmModal(maker);
    const pending = maker.getByTestId('pending-proposals');
    await pending.waitFor();
    const text = await pending.innerText();
    expect(text).toContain('cs.maker');
    expect(text).toContain('市级经办人员');
    await shot(maker, '08-suspension-proposed');
  });

  it('lets a second officer approve it in the approvals inbox, not the proposer', async () => {
    await maker.goto(`${platform.base}/approvals`);
    const own = maker.getByTestId('approvals-table').locator('tr', { hasText: changsha.code });
    await own.waitFor();
    expect(await own.getByTestId('approve').isDisabled()).toBe(true);

    const second = await tab();
    await login(second, 'cs.checker', `${TEST_USER_PASSWORD}-new`);
    await second.waitForURL('**/dashboard');
    await second.goto(`${platform.base}/approvals`);
    const row = second.getByTestId('approvals-table').locator('tr', { hasText: changsha.code });
    await row.waitFor();
    expect(await row.innerText()).toContain('cs.maker');
    await shot(second, '09-approvals-inbox');
    await row.getByTestId('approve').click();
    await second.locator('.ant-modal').getByRole('textbox').fill('同意中止');
    await confirmModal(second);
    await second.getByText('已处理').waitFor();

    const agreement = await checker.get(`/api/v1/agreements/${changsha.code}`);
    expect(agreement.body.suspensions).toEqual([
      expect.objectContaining({ kind: 'MANDATORY', reason: '飞行检查发现串换药品，责令整改', startsOn: shanghaiDate(1), endsOn: shanghaiDate(30) }),
    ]);
    await maker.goto(`${platform.base}/agreements/${changsha.code}`);
    await maker.getByText('《医疗机构医疗保障定点管理暂行办法》第三十八条').waitFor();
    await shot(maker, '10-agreement-with-suspension');
  });

  it('switches to English and back', async () => {
    await maker.getByTestId('lang-switch').click();
    await maker.getByText('Suspensions').waitFor();
    await shot(maker, '11-english');
    await maker.getByTestId('lang-switch').click();
    await maker.getByText('中止记录').waitFor();
  });

  it('lets a provincial auditor verify the audit chain, switch to a city, and read a credit file', async () => {
    await platform.user('prov.auditor', ['auditor'], '430000');
    await waitFor(async () => (await checker.get(`/api/v1/credit-files/institution/${changsha.code}`)).status === 200, 15_000, 'the credit file');
    const auditor = await tab();
    await login(auditor, 'prov.auditor', `${TEST_USER_PASSWORD}-new`);
    await auditor.waitForURL('**/dashboard');
    expect(await auditor.getByTestId('nav').innerText()).toContain('审计日志');

    await auditor.getByRole('link', { name: '审计日志' }).click();
    await auditor.getByText('user.create').first().waitFor();
    await auditor.getByTestId('verify-chain').click();
    await expect(auditor.getByTestId('chain-result').innerText()).resolves.toMatch(/哈希链完整：\d+ 条记录/);
    await shot(auditor, '12-audit-chain-verified');

    await auditor.getByRole('link', { name: '协议管理' }).click();
    await auditor.getByTestId('agreements-table').getByText(zhuzhou.name).waitFor(); // the province sees both cities
    await auditor.getByTestId('region-switcher').click();
    await auditor.getByText('株洲市 430200', { exact: true }).click();
    await auditor.getByTestId('agreements-table').getByText(changsha.name).waitFor({ state: 'detached' });
    await auditor.keyboard.press('Escape');
    expect(await auditor.getByTestId('agreements-table').innerText()).toContain(zhuzhou.name);
    await shot(auditor, '13-province-region-switch');

    await auditor.goto(`${platform.base}/credit/${changsha.code}`);
    await auditor.getByText('信用分').first().waitFor();
    await shot(auditor, '14-credit-file');
  });

  it('sends a user whose session ended back to login with a message', async () => {
    const second = browser.context.pages().find((p) => p !== maker && p.url().includes('/approvals')) as Page;
    const users = (await platform.admin.get('/api/v1/users')).body as unknown as { id: string; username: string }[];
    const id = users.find((u) => u.username === 'cs.checker')?.id;
    expect((await platform.admin.post(`/api/v1/users/${id}/disable`, {})).status).toBe(200);
    await second.getByRole('link', { name: '协议管理' }).click();
    await second.waitForURL('**/login');
    await second.getByText('登录已过期，请重新登录').waitFor();
    await shot(second, '15-session-ended');
  });

  it('signs out from the user menu', async () => {
    await maker.getByTestId('user-menu').hover();
    await maker.getByText('退出登录').click();
    await maker.waitForURL('**/login');
    await maker.getByText('您已退出登录').waitFor();
    await maker.goto(`${platform.base}/agreements`);
    await maker.waitForURL('**/login');
  });
});
