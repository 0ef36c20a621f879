import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOaXml } from '../../../adapters/wechat/official-account/xml.js';
import { FAKE_OA, FakeWeChatApi } from '../../fakes/wechat-api.js';
import { type CallbackMode, type FakeCallback, FakeWeChatCallbacks } from '../../fakes/wechat-callbacks.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const ACCOUNT = 'gh_0123456789ab';
const PATH = '/wechat/official-account';
const AES_KEY = 'bangfuTestEncodingAesKey0123456789abcdefghi';
// Far from the real clock: a callback is fresh only by the app's own (injected) clock.
const clock = { ms: Date.parse('2031-05-20T02:00:00Z') };
const now = () => new Date(clock.ms);

let fake: FakeWeChatApi;
let plainApp: TestApp;
let safeApp: TestApp;
const account = { path: PATH, token: FAKE_OA.token, appId: FAKE_OA.appId, now: () => clock.ms };
const plainWeChat = new FakeWeChatCallbacks(account);
const safeWeChat = new FakeWeChatCallbacks({ ...account, aesKey: AES_KEY });
let msgId = 5000;
let userNo = 0;

beforeAll(async () => {
  fake = await FakeWeChatApi.start();
  const env = {
    WECHAT_MODE: 'official-account',
    WECHAT_OA_APP_ID: FAKE_OA.appId,
    WECHAT_OA_APP_SECRET: FAKE_OA.secret,
    WECHAT_OA_TOKEN: FAKE_OA.token,
    WECHAT_API_ROOT: fake.root,
  };
  plainApp = await createTestApp(env, { now });
  safeApp = await createTestApp({ ...env, WECHAT_OA_AES_KEY: AES_KEY }, { now });
});
afterAll(async () => {
  await plainApp?.dispose();
  await safeApp?.dispose();
  await fake?.close();
});

/** A fresh openid, so each case starts with no session. */
const newUser = () => `o-sec-${++userNo}`;

/** A text message as WeChat's plaintext XML. */
function text(openId: string, content: string): string {
  const seconds = Math.floor(clock.ms / 1000);
  return (
    `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
    `<CreateTime>${seconds}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId++}</MsgId></xml>`
  );
}

function post(app: TestApp, callback: FakeCallback) {
  return app.server.inject({ method: 'POST', url: callback.url, headers: { 'content-type': 'text/xml' }, payload: callback.body });
}

/** Which app and fake WeChat a mode runs against: 明文模式 and 兼容模式 on the app without a key, 安全模式 on the one with it. */
function setup(mode: CallbackMode): { app: TestApp; wechat: FakeWeChatCallbacks } {
  if (mode === 'plain') return { app: plainApp, wechat: plainWeChat };
  return { app: mode === 'safe' ? safeApp : plainApp, wechat: safeWeChat };
}

/** The reply's text, opening it first when it is encrypted. */
function contentOf(body: string, wechat: FakeWeChatCallbacks): string {
  const xml = body.includes('<Encrypt>') ? wechat.openReply(body).xml : body;
  return parseOaXml(xml)?.Content ?? '';
}

/** What a refused callback must leave untouched: no session, no inbound time for the user. */
async function footprint(app: TestApp, openId: string) {
  return { sessions: await app.store.sessions.count(), inbound: await app.store.inbound.lastInbound('wechat-oa', openId) };
}

async function expectRefused(app: TestApp, openId: string, callback: FakeCallback, status: number | number[]) {
  const before = await footprint(app, openId);
  const response = await post(app, callback);
  expect([status].flat()).toContain(response.statusCode);
  expect(response.body).not.toContain('<xml>');
  expect(await footprint(app, openId)).toEqual(before);
  expect(before.inbound).toBeUndefined();
}

describe('WeChat Official Account callbacks: timestamp and nonce', () => {
  it.each<[string, CallbackMode, number]>([
    ['6 minutes old', 'plain', -360],
    ['6 minutes ahead', 'plain', 360],
    ['a day old', 'plain', -86_400],
    ['6 minutes old', 'safe', -360],
    ['6 minutes ahead', 'safe', 360],
  ])('refuses a message stamped %s (%s mode) with no reply and no store change', async (_name, mode, offsetSeconds) => {
    const { app, wechat } = setup(mode);
    const user = newUser();
    const timestamp = String(Math.floor(clock.ms / 1000) + offsetSeconds);
    await expectRefused(app, user, wechat.message(text(user, '你好'), mode, { timestamp }), 403);
  });

  it('refuses a timestamp that is not a number of seconds', async () => {
    const user = newUser();
    await expectRefused(plainApp, user, plainWeChat.message(text(user, '你好'), 'plain', { timestamp: 'now' }), 403);
  });

  it.each<CallbackMode>(['plain', 'safe'])('answers messages stamped up to 5 minutes off either way (%s mode)', async (mode) => {
    const { app, wechat } = setup(mode);
    for (const offset of [-290, 290]) {
      const user = newUser();
      const timestamp = String(Math.floor(clock.ms / 1000) + offset);
      const response = await post(app, wechat.message(text(user, '你好'), mode, { timestamp }));
      expect(response.statusCode).toBe(200);
      expect(contentOf(response.body, wechat)).toMatch(/回复数字/);
    }
  });

  it.each<CallbackMode>(['plain', 'compat', 'safe'])('refuses a replayed nonce, whatever the body (%s mode)', async (mode) => {
    const { app, wechat } = setup(mode);
    const user = newUser();
    const first = wechat.message(text(user, '你好'), mode);
    expect(contentOf((await post(app, first)).body, wechat)).toMatch(/回复数字/);
    const before = footprint(app, user);
    const again = await post(app, first);
    expect(again.statusCode).toBe(403);
    expect(again.body).not.toContain('<xml>');
    // The captured query with another sender and question: what the probe did to read a bound household's aid card.
    const victim = newUser();
    const swapped = await post(app, { ...first, body: first.body.replaceAll(user, victim).replace('你好', '查询我家帮扶情况') });
    expect([401, 403]).toContain(swapped.statusCode);
    expect(footprint(app, user)).toEqual(before);
    expect((await footprint(app, victim)).inbound).toBeUndefined();
  });

  it('refuses a replayed URL check', async () => {
    const check = plainWeChat.urlCheck('echo-once');
    expect((await plainApp.server.inject({ method: 'GET', url: check.url })).body).toBe('echo-once');
    const again = await plainApp.server.inject({ method: 'GET', url: check.url });
    expect(again.statusCode).toBe(403);
    expect(again.body).not.toContain('echo-once');
  });
});

describe('WeChat Official Account callbacks: 安全模式 (WECHAT_OA_AES_KEY)', () => {
  it('answers an encrypted message with an encrypted reply that opens to the expected XML', async () => {
    const user = newUser();
    const response = await post(safeApp, safeWeChat.message(text(user, '你好'), 'safe'));
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/回复数字|帮扶助手/);
    expect(Object.keys(parseXmlFields(response.body))).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
    const opened = safeWeChat.openReply(response.body);
    expect(opened.appId).toBe(FAKE_OA.appId);
    expect(parseOaXml(opened.xml)).toMatchObject({ ToUserName: user, FromUserName: ACCOUNT, MsgType: 'text' });
    expect(parseOaXml(opened.xml)?.Content).toMatch(/帮扶助手[\s\S]*1\. 政策咨询[\s\S]*回复数字/);
  });

  it('reads only the encrypted copy of a 兼容模式 message, and answers it encrypted', async () => {
    const user = newUser();
    const callback = safeWeChat.message(text(user, '你好'), 'compat');
    // The plaintext copy is not covered by msg_signature: someone on the way could change it.
    const forged = { ...callback, body: callback.body.replace('<![CDATA[你好]]>', '<![CDATA[查询我家帮扶情况]]>') };
    expect(forged.body).not.toBe(callback.body);
    const response = await post(safeApp, forged);
    expect(response.body).toContain('<Encrypt>');
    expect(contentOf(response.body, safeWeChat)).toMatch(/帮扶助手[\s\S]*回复数字/);
  });

  it.each<[string, (good: FakeCallback, other: FakeCallback) => FakeCallback, number]>([
    ['another encrypted part under a captured signature', (good, other) => ({ ...good, body: other.body }), 401],
    ['one character of the encrypted part changed', (good) => ({ ...good, body: flipOneCharacter(good.body) }), 401],
    [
      'no msg_signature (only the plain signature, which does not cover the body)',
      (good) => withQuery(good, { msg_signature: undefined }),
      401,
    ],
    ['a plaintext message', (good) => plainWeChat.message(parseXmlText(good), 'plain'), 403],
    [
      'a plaintext message claiming encrypt_type=aes',
      (good) => withQuery(plainWeChat.message(parseXmlText(good)), { encrypt_type: 'aes' }),
      400,
    ],
  ])('refuses %s', async (_name, tamper, status) => {
    const user = newUser();
    const good = safeWeChat.message(text(user, '查询我家帮扶情况'), 'safe');
    const other = safeWeChat.message(text(user, '你好'), 'safe');
    await expectRefused(safeApp, user, tamper(good, other), status);
  });

  it('refuses a message encrypted for another account and says what to check', async () => {
    const user = newUser();
    const { timestamp, nonce } = { timestamp: String(Math.floor(clock.ms / 1000)), nonce: 'other-account-1' };
    const encrypted = safeWeChat.encrypt(text(user, '你好'), 'wxffffffffffffffff');
    const query = {
      signature: safeWeChat.sign(timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: safeWeChat.sign(timestamp, nonce, encrypted),
    };
    const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    await expectRefused(safeApp, user, { url: `${PATH}?${new URLSearchParams(query)}`, query, body }, 400);
    expect(safeApp.wechatStatus.snapshot().lastError).toMatch(/WECHAT_OA_APP_ID/);
  });

  it('answers the URL check: a plain echostr by its signature, an encrypted one decrypted', async () => {
    const plain = await safeApp.server.inject({ method: 'GET', url: safeWeChat.urlCheck('1234567890').url });
    expect(plain.body).toBe('1234567890');
    const encrypted = await safeApp.server.inject({ method: 'GET', url: safeWeChat.urlCheck('echo-7788', 'safe').url });
    expect(encrypted.statusCode).toBe(200);
    expect(encrypted.body).toBe('echo-7788');
  });

  it('refuses an encrypted URL check with a wrong msg_signature or an old timestamp', async () => {
    const forged = withQuery(safeWeChat.urlCheck('echo-x', 'safe'), { msg_signature: '0'.repeat(40) });
    expect((await safeApp.server.inject({ method: 'GET', url: forged.url })).statusCode).toBe(401);
    const old = safeWeChat.urlCheck('echo-y', 'safe', { timestamp: String(Math.floor(clock.ms / 1000) - 3600) });
    expect((await safeApp.server.inject({ method: 'GET', url: old.url })).statusCode).toBe(403);
  });

  it('tells the operator when WeChat posts plaintext while WECHAT_OA_AES_KEY is set', async () => {
    const user = newUser();
    expect((await post(safeApp, plainWeChat.message(text(user, '你好')))).statusCode).toBe(403);
    expect(safeApp.wechatStatus.snapshot().lastError).toMatch(/refused because WECHAT_OA_AES_KEY is set[\s\S]*安全模式/);
  });
});

describe('WeChat Official Account callbacks: 明文模式 URL check', () => {
  it('answers a fresh URL check and refuses an old one', async () => {
    const ok = await plainApp.server.inject({ method: 'GET', url: plainWeChat.urlCheck('5566778899').url });
    expect(ok.body).toBe('5566778899');
    const old = plainWeChat.urlCheck('5566778800', 'plain', { timestamp: String(Math.floor(clock.ms / 1000) - 600) });
    const refused = await plainApp.server.inject({ method: 'GET', url: old.url });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('5566778800');
  });
});

function withQuery(callback: FakeCallback, change: Record<string, string | undefined>): FakeCallback {
  const query = Object.fromEntries(
    Object.entries({ ...callback.query, ...change }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { ...callback, query, url: `${PATH}?${new URLSearchParams(query)}` };
}

function flipOneCharacter(body: string): string {
  const at = body.indexOf('<![CDATA[', body.indexOf('<Encrypt>')) + 20;
  return `${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}`;
}

/** The plaintext XML inside a 安全模式 callback, as the fake would have encrypted it. */
function parseXmlText(callback: FakeCallback): string {
  return safeWeChat.decrypt(parseXmlFields(callback.body).Encrypt ?? '').xml;
}

function parseXmlFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of body.matchAll(/<(?!xml>)(\w+)>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?<\/\1>/g))
    fields[name as string] = value ?? '';
  return fields;
}
