import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, HASH_KEY, seed } from '../admin/helpers.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, recordProblems, screenshot } from './chromium.js';

let app: TestApp;
let browser: Browser;
let base: string;
const problems: string[] = [];

beforeAll(async () => {
  app = await createTestApp({ ADMIN_PASSWORD, ID_HASH_KEY: HASH_KEY });
  await seed(app.store);
  // Payments in the last few months, so the monthly chart has bars whatever today's date is.
  const month = (back: number) => new Date(Date.now() - back * 30 * 86_400_000).toISOString().slice(0, 10);
  await app.store.aid.add(
    { id: 'R1', householdId: 'H0002', category: '健康', name: '医疗救助', amountFen: 86000, date: month(1) },
    { id: 'R2', householdId: 'H0003', category: '兜底', name: '低保金', amountFen: 52000, date: month(2) },
    { id: 'R3', householdId: 'H0003', category: '就业', name: '务工补贴', amountFen: 120000, date: month(4) },
  );
  base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** A fresh browser context that records CSP violations, script errors and failed sub-resources, which must never happen. */
async function newPage(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  recordProblems(page, problems);
  return { context, page };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin/overview`), page.getByRole('button', { name: '登录' }).click()]);
}

describe('dashboard in Chromium', () => {
  it('sends a visitor without a session to the login page, then back where they wanted to go', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/admin/households?q=张`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await expect(page.getByRole('heading', { name: '登录管理后台' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'admin-login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码不对');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\/households\?q=/), page.getByRole('button', { name: '登录' }).click()]);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await context.close();
  });

  it('shows the overview with its SVG charts', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    // Two each: households, aid, complaints, applications, visits.
    await expect(page.locator('figure.chart svg').count()).resolves.toBe(10);
    await expect(page.locator('#households .stat b').first().textContent()).resolves.toBe('3');
    // Evaluated as text in the page: the test itself is compiled without DOM types.
    const brand = await page.evaluate("getComputedStyle(document.querySelector('.top')).backgroundColor");
    expect(brand).toBe('rgb(179, 38, 30)');
    await screenshot(page, 'admin-overview');
    await context.close();
  });

  it('searches households and opens one, with masked ID numbers', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '农户' }).click();
    await page.getByLabel('户编号 / 户主 / 村').fill('李四');
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await screenshot(page, 'admin-households');
    await page.getByRole('link', { name: 'H0002' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('李四家（H0002）');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/3608\*{14}(?![\dX])/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    await screenshot(page, 'admin-household-detail');
    await page.goto(`${base}/admin/households/H0001`);
    await screenshot(page, 'admin-household-detail-members');
    await context.close();
  });

  it('creates a cadre and shows the enrolment code once', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    await page.goto(`${base}/admin/cadres`);
    await page.getByRole('link', { name: '新增帮扶责任人' }).click();
    await page.getByLabel('姓名').fill('刘干部');
    await page.getByLabel('手机号').fill('13800138000');
    await page.getByLabel('单位').fill('县农业农村局');
    await page.getByLabel('包村').fill('神山村');
    await page.getByLabel('包户（户编号）').fill('H0003');
    await page.getByRole('button', { name: '创建并生成绑定码' }).click();
    const code = (await page.locator('#enrolment-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await screenshot(page, 'admin-cadre-code');
    await page.getByRole('link', { name: '← 返回帮扶责任人列表' }).click();
    const row = page.locator('tbody tr', { hasText: '刘干部' });
    await expect(row.textContent()).resolves.toContain('138****8000');
    expect(await page.content()).not.toContain(code);
    await screenshot(page, 'admin-cadres');
    await context.close();
  });

  it('renders the other pages (staff, audit, import, account) cleanly', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    for (const [path, name, heading] of [
      ['/admin/staff', 'admin-staff', '工作人员'],
      ['/admin/audit', 'admin-audit', '审计日志'],
      ['/admin/households/import', 'admin-import', '导入名册'],
      ['/admin/account', 'admin-account', '我的账号'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
      await screenshot(page, name);
    }
    await context.close();
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const { context, page } = await newPage({ width: 390, height: 844 });
    await signIn(page);
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-overview-phone');
    await page.goto(`${base}/admin/households`);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-households-phone');
    await context.close();
  });

  it('logs out with the nav button and then needs a login again', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    await Promise.all([page.waitForURL(/\/admin\/login\?bye=1/), page.getByRole('button', { name: '退出' }).click()]);
    await page.goto(`${base}/admin/overview`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await context.close();
  });

  it('had no CSP violation or script error on any page', async () => {
    expect(problems).toEqual([]);
  });
});
