import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/admin/auth/password.js';
import { localDate } from '../../src/model/calendar.js';
import { ADMIN_PASSWORD, HASH_KEY, seed } from '../admin/helpers.js';
import { cadre, complaint, reportByChat, visit } from '../admin/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, recordProblems, screenshot } from './chromium.js';

const REVIEWER = { username: 'reviewer1', password: 'Reviewer-Pass-2024', unit: '茅坪乡政府' };
const REPORTER = 'browser-reporter-3e7a';
// A 1×1 PNG: enough for the page to show a photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const DAY = 86_400_000;
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * DAY));

let app: TestApp;
let browser: Browser;
let base: string;
let code: string;
const problems: string[] = [];

beforeAll(async () => {
  app = await createTestApp({ ADMIN_PASSWORD, ID_HASH_KEY: HASH_KEY });
  await seed(app.store);
  const at = new Date().toISOString();
  await app.store.staff.put({
    id: 'S-reviewer',
    username: REVIEWER.username,
    displayName: '周审核',
    role: 'reviewer',
    unit: REVIEWER.unit,
    passwordHash: await hashPassword(REVIEWER.password),
    mustChangePassword: false,
    disabled: false,
    createdAt: at,
    updatedAt: at,
  });
  code = await reportByChat(app, REPORTER, [
    '1',
    '茅坪乡',
    '神山村',
    '三月份的产业奖补1000元到现在都没有发到我家',
    '跳过',
    '匿名',
    '确认提交',
  ]);
  // Older items, so the list shows an overdue badge and a reopened marker next to the new one.
  const month = new Date(Date.now() - 30 * DAY);
  const late = await complaint(app, { category: '政策没有落实', village: '坝上村', description: '村里的扶贫项目公示栏半年没更新' }, month);
  await app.complaints.transition(
    late.id,
    { to: 'accepted', note: '', assignee: REVIEWER.unit, deadline: daysAgo(20) },
    '县乡村振兴局',
    month,
  );
  await app.complaints.transition(late.id, { to: 'rectifying', note: '正在核对' }, '县乡村振兴局', month);
  const reopened = await complaint(
    app,
    { category: '走访发现问题', anonymous: false, householdId: 'H0003', description: '走访发现住房漏雨' },
    month,
  );
  const steps = [
    { to: 'accepted', note: '', assignee: REVIEWER.unit, deadline: daysAgo(-10) },
    { to: 'rectifying', note: '' },
    { to: 'verifying', note: '' },
    { to: 'closed', note: '已修缮' },
    { to: 'rectifying', note: '群众不满意：还在漏雨' },
  ] as const;
  for (const step of steps) await app.complaints.transition(reopened.id, step, '县乡村振兴局', month);

  await cadre(app, 'C1', '刘帮扶', ['神山村', '坝上村']);
  await cadre(app, 'C2', '陈帮扶', [], ['H0003']);
  const uploads = join(app.dataDir, 'uploads', 'telegram', '4242');
  await mkdir(uploads, { recursive: true });
  await writeFile(join(uploads, 'house.png'), PNG);
  await visit(
    app,
    {
      id: 'V1',
      cadreId: 'C1',
      householdId: 'H0001',
      village: '神山村',
      date: daysAgo(3),
      income: 8600,
      problems: '灶房墙体开裂',
      nextVisit: daysAgo(-27),
      attachments: [
        { kind: 'image', path: join(uploads, 'house.png'), mime: 'image/png' },
        { kind: 'location', lat: 26.5712, lng: 114.1234, label: '张三家门口' },
      ],
    },
    { housing: '屋顶漏雨，墙体有裂缝' },
  );
  await visit(app, { id: 'V2', cadreId: 'C1', householdId: 'H0002', village: '坝上村', date: daysAgo(10) });
  await visit(app, { id: 'V3', cadreId: 'C2', householdId: 'H0003', village: '长富桥村', date: daysAgo(45) });
  await app.applications.create(
    {
      event: '生病住院',
      eventDate: daysAgo(5),
      cost: 20000,
      help: '住院花了两万多，希望申请医疗救助',
      householdId: 'H0001',
      township: '茅坪乡',
      village: '神山村',
      consent: true,
    },
    new Date(),
  );
  base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  recordProblems(page, problems);
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('用户名').fill(REVIEWER.username);
  await page.getByLabel('密码').fill(REVIEWER.password);
  await Promise.all([page.waitForURL(`${base}/admin/overview`), page.getByRole('button', { name: '登录' }).click()]);
  return { context, page };
}

/** Submits one of the detail page's transition forms and waits for the page it leads to. */
async function move(page: Page, to: string, button: string, fill: Record<string, string> = {}): Promise<void> {
  const form = page.locator(`#to-${to}`);
  for (const [label, value] of Object.entries(fill)) await form.getByLabel(label).fill(value);
  await Promise.all([page.waitForURL(/done=moved/), form.getByRole('button', { name: button, exact: true }).click()]);
  await expect(page.getByRole('status').textContent()).resolves.toContain('已保存');
}

describe('a reviewer works the ledgers in Chromium', () => {
  it('takes a complaint reported by chat from 已登记 to 已办结 through the pages', async () => {
    const { context, page } = await signedIn();
    await screenshot(page, 'ledger-overview');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '问题台账' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('问题台账');
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('tbody .tag.overdue').count()).resolves.toBe(1);
    await expect(page.locator('tbody .tag.reopened').textContent()).resolves.toBe('重新整改 ×1');
    await screenshot(page, 'complaints-list');

    await page.getByRole('link', { name: code }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`问题 ${code}`);
    await expect(page.locator('form.step').count()).resolves.toBe(2);
    await screenshot(page, 'complaint-detail-registered');

    await expect(page.locator('#to-accepted').getByLabel('承办单位').inputValue()).resolves.toBe(REVIEWER.unit);
    await move(page, 'accepted', '受理', { 受理说明: '请茅坪乡核对三月产业奖补发放名单' });
    await move(page, 'rectifying', '开始整改', { 整改说明: '已核实漏发，正在补发' });
    await move(page, 'verifying', '整改完成，待核实', { 整改情况: '已补发1000元' });
    await move(page, 'closed', '核实无误，办结', { '办理结果（会发给反映人）': '已补发产业奖补1000元' });

    await expect(page.locator('.facts .tag.status-closed').textContent()).resolves.toBe('已办结');
    const history = page.locator('section.card', { hasText: '办理记录' }).locator('tbody tr');
    await expect(history.count()).resolves.toBe(5);
    await expect(history.first().textContent()).resolves.toContain('周审核（茅坪乡政府）');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(REPORTER);
    await screenshot(page, 'complaint-detail-closed');

    const inbox = await app.server.inject({ url: `/api/chat/messages?userId=${REPORTER}` });
    expect(inbox.body).toContain('已办结');
    expect(app.store.complaints.byTrackingCode(code)).toMatchObject({ status: 'closed', assignee: REVIEWER.unit, reopenCount: 0 });
    await context.close();
  });

  it('browses visits, a visit with its photo, coverage and applications', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${base}/admin/visits`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'visits-list');
    await page.getByRole('link', { name: daysAgo(3) }).click();
    const width = page
      .locator('img.photo')
      .evaluate((img: { decode: () => Promise<void>; naturalWidth: number }) => img.decode().then(() => img.naturalWidth));
    await expect(width).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('屋顶漏雨，墙体有裂缝');
    await screenshot(page, 'visit-detail');

    await page.goto(`${base}/admin/coverage?days=30`);
    await expect(page.locator('.rate.low').count()).resolves.toBeGreaterThan(0);
    await page.locator('details summary').first().click();
    await screenshot(page, 'coverage');

    await page.goto(`${base}/admin/applications`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await screenshot(page, 'applications-list');
    await page.locator('tbody a').first().click();
    await expect(page.locator('#to-checking select[name="assignee"]').inputValue()).resolves.toBe('cadre:C1');
    await screenshot(page, 'application-detail');
    await context.close();
  });

  it('had no CSP violation, script error or failed sub-resource on any page', () => {
    expect(problems).toEqual([]);
  });
});
