import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialAccountOf, registerOfficialAccount } from '../../../adapters/wechat/official-account/register.js';
import { OUTSIDE_WINDOW } from '../../../adapters/wechat/official-account/sender.js';
import { callbackSignature } from '../../../adapters/wechat/official-account/signature.js';
import { parseOaXml } from '../../../adapters/wechat/official-account/xml.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Incoming } from '../../../src/core/types.js';
import { reply } from '../../../src/model/reply.js';
import { FAKE_OA, FakeWeChatApi } from '../../fakes/wechat-api.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { recordingLog, waitFor } from './harness.js';

const ACCOUNT = 'gh_0123456789ab';
const PATH = '/wechat/official-account';
let fake: FakeWeChatApi;
let app: TestApp;
let msgId = 1000;

beforeAll(async () => {
  fake = await FakeWeChatApi.start();
  app = await createTestApp({
    WECHAT_MODE: 'official-account',
    WECHAT_OA_APP_ID: FAKE_OA.appId,
    WECHAT_OA_APP_SECRET: FAKE_OA.secret,
    WECHAT_OA_TOKEN: FAKE_OA.token,
    WECHAT_API_ROOT: fake.root,
  });
});
afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

/** A signed callback query string (timestamp and nonce as WeChat sends them). */
function signed(extra: Record<string, string> = {}, token: string = FAKE_OA.token): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return new URLSearchParams({ signature: callbackSignature(token, timestamp, nonce), timestamp, nonce, ...extra }).toString();
}

/** A callback message as WeChat posts it. */
function xml(openId: string, fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('');
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${body}</xml>`;
}

function post(target: TestApp, body: string, query = signed()) {
  return target.server.inject({ method: 'POST', url: `${PATH}?${query}`, headers: { 'content-type': 'text/xml' }, payload: body });
}

const text = (openId: string, content: string) => xml(openId, { MsgType: 'text', Content: content, MsgId: String(msgId++) });
const event = (openId: string, name: string, key?: string) =>
  xml(openId, { MsgType: 'event', Event: name, ...(key ? { EventKey: key } : {}) });

/** The passive reply's text content. */
function content(response: { body: string }): string {
  return parseOaXml(response.body)?.Content ?? '';
}

describe('WeChat Official Account: callback', () => {
  it('answers the URL check with echostr when the signature is right', async () => {
    const ok = await app.server.inject({ method: 'GET', url: `${PATH}?${signed({ echostr: '8812345678' })}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('8812345678');
  });

  it.each([
    ['a wrong token', signed({ echostr: 'x' }, 'someoneElse')],
    ['no signature', 'timestamp=1&nonce=2&echostr=x'],
  ])('refuses the URL check with %s', async (_name, query) => {
    const bad = await app.server.inject({ method: 'GET', url: `${PATH}?${query}` });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).not.toContain('x');
  });

  it('refuses a message with a bad signature', async () => {
    const response = await post(app, text('o-bad', '你好'), signed({}, 'someoneElse'));
    expect(response.statusCode).toBe(401);
  });

  it('creates the custom menu from the main menu at start: click keys are choice ids, within 3×5', async () => {
    await app.server.ready();
    const menu = await waitFor(
      () => fake.menus[0] as { button: { name: string; sub_button: { type: string; name: string; key: string }[] }[] },
    );
    expect(menu.button.length).toBeLessThanOrEqual(3);
    for (const top of menu.button) expect(top.sub_button.length).toBeLessThanOrEqual(5);
    const keys = menu.button.flatMap((b) => b.sub_button.map((s) => s.key));
    expect(keys).toEqual(expect.arrayContaining(['policy.start', 'household.start', 'feedback.start', 'cmd:menu', 'cmd:human']));
    expect(menu.button.at(-1)?.name).toBe('帮助');
    await waitFor(() => app.wechatStatus.snapshot().state === 'logged-in', { what: 'the menu call to finish' });
    expect(app.wechatStatus.snapshot()).toMatchObject({ mode: 'official-account', account: FAKE_OA.appId });
  });

  it('answers a text message with a passive XML reply, choices as numbered lines', async () => {
    const response = await post(app, text('o-user-1', '你好'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/xml/);
    const message = parseOaXml(response.body);
    expect(message).toMatchObject({ ToUserName: 'o-user-1', FromUserName: ACCOUNT, MsgType: 'text' });
    expect(message?.Content).toMatch(/帮扶助手[\s\S]*1\. 政策咨询[\s\S]*回复数字/);
  });

  it('answers a retried message (same MsgId) only once', async () => {
    const body = text('o-user-2', '你好');
    const first = await post(app, body);
    const second = await post(app, body);
    expect(content(first)).toMatch(/回复数字/);
    expect(second.body).toBe('success');
  });

  it('maps a menu click to its choice id', async () => {
    const response = await post(app, event('o-user-3', 'CLICK', 'feedback.start'));
    expect(content(response)).toMatch(/您想留言说什么/);
  });

  it('greets a new follower with the welcome and the menu, and says nothing on unfollow', async () => {
    expect(content(await post(app, event('o-user-4', 'subscribe')))).toMatch(/您好！我是帮扶助手[\s\S]*1\. /);
    expect((await post(app, event('o-user-4', 'unsubscribe'))).body).toBe('success');
  });

  it('answers an encrypted-only message without WECHAT_OA_AES_KEY with "success" and says on the status what to set', async () => {
    const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[c2VjcmV0]]></Encrypt></xml>`;
    const response = await post(app, body, signed({ encrypt_type: 'aes', msg_signature: 'x' }));
    expect(response.body).toBe('success');
    expect(app.wechatStatus.snapshot().lastError).toMatch(/WECHAT_OA_AES_KEY/);
  });
});

describe('WeChat Official Account: customer-service messages and the outbox', () => {
  it('keeps an outbox message for a user outside the 48-hour window, counts it, and sends it once they write', async () => {
    const quiet = 'o-quiet-user';
    const notice = await app.store.outbox.enqueue('wechat-oa', quiet, reply('您反映的问题已经办结，请查看。'));
    await officialAccountOf(app.server)?.drainOutbox();
    expect(fake.textsTo(quiet)).toEqual([]);
    const held = app.store.outbox.due('wechat-oa', new Date('9999-01-01'), 100).find((m) => m.id === notice.id);
    expect(held).toMatchObject({ status: 'pending', lastError: OUTSIDE_WINDOW });
    expect(app.wechatStatus.snapshot().outsideWindow).toBe(1);

    const response = await post(app, text(quiet, '你好'));
    expect(content(response)).toMatch(/回复数字/);
    await waitFor(() => fake.textsTo(quiet).length === 1, { what: 'the held notice' });
    expect(fake.textsTo(quiet)).toEqual(['您反映的问题已经办结，请查看。']);
    await waitFor(() => app.wechatStatus.snapshot().outsideWindow === 0);
  });

  it('keeps a message WeChat refuses with 45015 (out of the window) pending and counted', async () => {
    const user = 'o-gone-quiet';
    await post(app, text(user, '你好'));
    fake.failSendTo.set(user, { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    const notice = await app.store.outbox.enqueue('wechat-oa', user, reply('明天上午村委会发放补贴。'));
    await officialAccountOf(app.server)?.drainOutbox();
    const held = app.store.outbox.due('wechat-oa', new Date('9999-01-01'), 100).find((m) => m.id === notice.id);
    expect(held).toMatchObject({ status: 'pending', lastError: OUTSIDE_WINDOW, attempts: 1 });
    expect(app.wechatStatus.snapshot().outsideWindow).toBeGreaterThanOrEqual(1);
    fake.failSendTo.delete(user);
  });

  it('fetches the access token once and again only when WeChat says it is no longer valid', async () => {
    const issued = fake.tokensIssued;
    const user = 'o-token-user';
    await post(app, text(user, '你好'));
    await app.store.outbox.enqueue('wechat-oa', user, reply('第一条'));
    await officialAccountOf(app.server)?.drainOutbox();
    expect(fake.tokensIssued).toBe(issued);
    fake.revokeToken();
    await app.store.outbox.enqueue('wechat-oa', user, reply('第二条'));
    await officialAccountOf(app.server)?.drainOutbox();
    expect(fake.textsTo(user)).toEqual(['第一条', '第二条']);
    expect(fake.tokensIssued).toBe(issued + 1);
    expect(fake.callsTo('/cgi-bin/token').every((c) => c.query.appid === FAKE_OA.appId)).toBe(true);
  });
});

describe('WeChat Official Account: replies that do not fit the passive window', () => {
  let slowApp: TestApp;
  const seen: Incoming[] = [];
  const LONG = Array.from(
    { length: 40 },
    (_, i) => `第${i + 1}条：脱贫户家庭成员参加城乡居民医保，个人缴费部分由财政按规定给予资助。`,
  ).join('\n');

  beforeAll(async () => {
    slowApp = await createTestApp();
    // A core that answers "慢" late and "长" at length, and otherwise like the real one.
    const bot: Pick<Bot, 'handle' | 'menu'> = {
      menu: (identity) => slowApp.bot.menu(identity),
      handle: async (incoming) => {
        seen.push(incoming);
        if (incoming.text === '慢') return new Promise((resolve) => setTimeout(() => resolve([reply('让您久等了，查到了。')]), 300));
        if (incoming.text === '长') return [reply(LONG)];
        return slowApp.bot.handle(incoming);
      },
    };
    const config = {
      ...slowApp.config,
      WECHAT_OA_APP_ID: FAKE_OA.appId,
      WECHAT_OA_APP_SECRET: FAKE_OA.secret,
      WECHAT_OA_TOKEN: FAKE_OA.token,
      WECHAT_API_ROOT: fake.root,
    };
    registerOfficialAccount(slowApp.server, {
      config,
      bot,
      store: slowApp.store,
      log: recordingLog([]),
      passiveWindowMs: 100,
      outboxIntervalMs: 50,
    });
  });
  afterAll(async () => slowApp?.dispose());

  it('sends a long reply as a passive part and the rest by customer-service messages, each within 2,048 bytes', async () => {
    const user = 'o-long-reader';
    const response = await post(slowApp, text(user, '长'));
    const passive = content(response);
    expect(Buffer.byteLength(passive, 'utf8')).toBeLessThanOrEqual(2048);
    const rest = await waitFor(() => fake.textsTo(user).length >= 1 && fake.textsTo(user));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const part of fake.textsTo(user)) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
    expect([passive, ...fake.textsTo(user)].join('\n')).toBe(LONG);
    expect(rest.length).toBeGreaterThanOrEqual(1);
  });

  it('passes a location on with its coordinates and label', async () => {
    const user = 'o-location-user';
    await post(
      slowApp,
      xml(user, {
        MsgType: 'location',
        Location_X: '28.6829',
        Location_Y: '115.8579',
        Scale: '15',
        Label: '红星村委会',
        MsgId: String(msgId++),
      }),
    );
    expect(seen.find((i) => i.userId === user)).toMatchObject({
      channel: 'wechat-oa',
      kind: 'location',
      location: { lat: 28.6829, lng: 115.8579, label: '红星村委会' },
    });
  });

  it('downloads an image by its MediaId into DATA_DIR/uploads/wechat-oa and passes it as an attachment', async () => {
    const user = 'o-photo-user';
    fake.media.set('media-photo-1', { bytes: Buffer.from('fake jpeg bytes'), type: 'image/jpeg' });
    await post(
      slowApp,
      xml(user, { MsgType: 'image', PicUrl: 'http://mmbiz.example/x', MediaId: 'media-photo-1', MsgId: String(msgId++) }),
    );
    const incoming = seen.find((i) => i.userId === user);
    expect(incoming).toMatchObject({
      kind: 'image',
      attachment: { mime: 'image/jpeg', path: expect.stringContaining('/uploads/wechat-oa/') },
    });
    expect((await readFile(incoming?.attachment?.path ?? '')).toString()).toBe('fake jpeg bytes');
  });

  it('answers "success" when the bot is slower than the passive window, then sends the reply by customer-service message', async () => {
    const user = 'o-patient-user';
    const response = await post(slowApp, text(user, '慢'));
    expect(response.body).toBe('success');
    await waitFor(() => fake.textsTo(user)[0], { what: 'the late reply' });
    expect(fake.textsTo(user)).toEqual(['让您久等了，查到了。']);
  });
});
