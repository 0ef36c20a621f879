import type { Browser, BrowserContext, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { solidPng } from '../web/photo-bytes.js';
import { launchChromium, recordProblems, screenshot } from './chromium.js';
import { PHONE, PhoneChat, until } from './phone-chat.js';

let app: TestApp;
let browser: Browser;
let base: string;
const problems: string[] = [];
const ADMIN_PASSWORD = 'Walk-Admin-Pass-2026';
const PHOTO = { name: 'photo.png', mimeType: 'image/png', buffer: solidPng(1200, 900, [160, 110, 60]) };

beforeAll(async () => {
  // A demo data dir: 张大山 / 150117 and the cadre code GANBU888, as a person trying it would use them.
  app = await createTestApp({ SEED_DEMO: '1', ADMIN_PASSWORD });
  base = await app.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
});

/** A fresh phone (new browser storage, so a new chat user) that records chat requests and page problems. */
async function phone(job: string): Promise<{ chat: PhoneChat; context: BrowserContext; posts: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await context.newPage();
  recordProblems(page, problems);
  const posts: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && r.url().includes('/api/chat')) posts.push(`${new URL(r.url()).pathname} ${r.postData() ?? ''}`);
  });
  return { chat: new PhoneChat(page, job), context, posts };
}

describe('the web chat on a 360×740 phone', () => {
  it('answers a policy question, folds the long answer, and keeps the conversation over a reload without sending anything', async () => {
    const { chat, context, posts } = await phone('policy');
    await chat.open(`${base}/`);
    expect(posts).toEqual(['/api/chat/greeting {"userId":"' + (await chat.page.evaluate("localStorage.getItem('bangfu-user')")) + '"}']);
    await chat.say('看病能报多少');
    expect(await chat.page.locator('.text.folded').count()).toBeGreaterThan(0);
    await chat.page.locator('.more').last().click();
    expect(await chat.page.locator('.more').last().innerText()).toBe('收起');
    await chat.tap('看详细说明');
    const shown = await chat.page.locator('#log .msg').count();
    posts.length = 0;
    await chat.page.reload();
    await chat.page.waitForSelector('#log .msg.bot .choices button:not(:disabled)');
    expect(await chat.page.locator('#log .msg').count()).toBe(shown);
    expect(posts).toEqual([]);
    await screenshot(chat.page, 'webchat-policy-reloaded');
    await context.close();
  });

  it('checks the demo household’s status and shows the cadre’s phone as a tap-to-call link', async () => {
    const { chat, context } = await phone('status');
    await chat.open(`${base}/`);
    await chat.tap('查询我家帮扶情况');
    await chat.say('张大山');
    await chat.say('150117');
    expect(await chat.lastReply()).toContain('张大山');
    await chat.tap('联系帮扶干部');
    const links = await chat.page.evaluate(
      "[...[...document.querySelectorAll('#log .msg.bot')].at(-1).querySelectorAll('a.tel')].map((a) => a.href)",
    );
    expect(links).toContainEqual(expect.stringMatching(/^tel:1[3-9]\d{9}$/));
    expect(links).toContain('tel:12317');
    await context.close();
  });

  it('reports a problem with a photo, which staff then see on the complaint page', async () => {
    const { chat, context } = await phone('complaint');
    await chat.open(`${base}/`);
    await chat.tap('反映问题');
    await chat.tap('扶贫资金发放问题');
    await chat.tap('东坡乡');
    await chat.tap('红星村');
    await chat.photo(PHOTO);
    expect(await chat.page.locator('#log .msg.user img.thumb').count()).toBe(1);
    expect(await chat.lastReply()).toContain('照片收到了');
    await chat.say('今年三月的产业奖补1000元到现在还没有发');
    await chat.tap('跳过');
    await chat.tap('匿名');
    expect(await chat.lastReply()).toContain('照片：1 张');
    await chat.tap('确认提交');
    const code = /查询码是：([A-Z0-9]{8})/.exec(await chat.lastReply())?.[1];
    expect(code).toBeDefined();
    await context.close();

    const staff = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const page = await staff.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\//), page.getByRole('button', { name: '登录' }).click()]);
    const complaint = await app.store.complaints.byTrackingCode(code as string);
    await page.goto(`${base}/admin/complaints/${complaint?.id}`);
    await page.locator('img.photo').waitFor();
    await until(page, "document.querySelector('img.photo').complete");
    expect(await page.evaluate("document.querySelector('img.photo').naturalWidth")).toBe(1200);
    await screenshot(page, 'webchat-complaint-staff-photo');
    await staff.close();
  });

  it('applies for hardship help', async () => {
    const { chat, context } = await phone('hardship');
    await chat.open(`${base}/`);
    await chat.tap('申请帮扶');
    await chat.tap('生病住院');
    await chat.say('昨天');
    await chat.say('30000');
    await chat.say('希望能申请临时救助');
    await chat.tap('东坡乡');
    await chat.tap('红星村');
    await chat.say('王秀英');
    await chat.say('13800001234');
    await chat.tap('同意');
    await chat.tap('确认提交');
    expect(await chat.lastReply()).toContain('查询码');
    await context.close();
  });

  it('binds a cadre with GANBU888 and logs a home visit with a photo', async () => {
    const { chat, context } = await phone('visit');
    await chat.open(`${base}/`);
    await chat.say('干部绑定 GANBU888');
    await chat.tap('走访登记');
    await chat.tap('张大山');
    await chat.say('今天');
    for (let i = 0; i < 5; i += 1) await chat.tap('达标');
    await chat.tap('不达标');
    await chat.say('井水浑浊');
    await chat.tap('跳过');
    await chat.tap('跳过');
    await chat.say('联系水利站检测水质');
    await chat.tap('就定');
    await chat.photo(PHOTO);
    await chat.tap('确认提交');
    expect(await chat.lastReply()).toContain('走访记录已保存');
    const [visit] = await app.store.visits.list({});
    expect(visit?.attachments).toEqual([{ kind: 'image', path: expect.stringContaining('uploads/web/'), mime: 'image/jpeg' }]);
    await context.close();
  });

  it('shows 正在输入… while waiting, and a send that failed as not sent, with the text kept and a tap to retry', async () => {
    const { chat, context } = await phone('retry');
    await chat.open(`${base}/`);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await chat.page.route('**/api/chat', async (route) => {
      await held;
      await route.abort('internetdisconnected');
    });
    await chat.page.fill('#text', '低保怎么申请');
    await chat.page.getByRole('button', { name: '发送', exact: true }).click();
    await chat.page.locator('.typing').waitFor();
    release();
    await chat.page.locator('.msg.user.failed').waitFor();
    expect(await chat.page.locator('.msg.user.failed .text').innerText()).toBe('低保怎么申请');
    await screenshot(chat.page, 'webchat-retry-failed');
    await chat.page.unroute('**/api/chat');
    await chat.page.getByRole('button', { name: '没发出去，点这里重发' }).click();
    await until(chat.page, "!document.querySelector('.typing') && !document.querySelector('.failed')");
    expect(await chat.lastReply()).toContain('低保');
    await screenshot(chat.page, 'webchat-retry-sent');
    await context.close();
  });

  it('had no script errors, CSP violations or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
