import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright downloads no browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../tmp/portal-screenshots');

/** The admin portal in one headless Chromium profile; each tab is a user of its own (the session lives in sessionStorage). */
export interface PortalBrowser {
  context: BrowserContext;
  tab(): Promise<Page>;
  /** A full-page screenshot to tmp/portal-screenshots/<name>.png. */
  shot(page: Page, name: string): Promise<Buffer>;
  /** Fills and submits the login form (the caller waits for where it leads). */
  login(page: Page, username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchPortalBrowser(base: string): Promise<PortalBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. The portal e2e downloads no browser.`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'portal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 800 },
    locale: 'zh-CN',
  });
  return {
    context,
    async tab() {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    shot: (page, name) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }),
    async login(page, username, password) {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: /登\s*录/ }).click();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Clicks the OK button of the open Ant Design modal. */
export async function confirmModal(page: Page): Promise<void> {
  await page
    .locator('.ant-modal')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
}
