import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { reply } from '../../../src/model/reply.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { type MockContact, startWeChatTest, type WeChatTest, type WeChatTestOptions, waitFor } from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ WECHATY_PUPPET: 'wechaty-puppet-mock' });
});
afterAll(async () => app.dispose());

const tests: WeChatTest[] = [];
async function wechat(options: WeChatTestOptions = {}): Promise<WeChatTest> {
  const t = await startWeChatTest({ app, ...options });
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

// Far enough ahead that every retry time has passed (and still a four-digit year, as ISO strings compare).
const FOREVER = new Date('9999-12-31T00:00:00Z');
/** The outbox message with this id while it is still pending. */
const pending = (id: string) => app.store.outbox.due('wechat', FOREVER, 10_000).find((m) => m.id === id);
const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes the mock puppet deliver a friend request from `contact` saying `hello`; returns the accepted request ids. */
function friendRequest(t: WeChatTest, contact: MockContact, hello: string, id: string): string[] {
  const accepted: string[] = [];
  t.puppet.friendshipRawPayload = async (friendshipId: string) => ({
    id: friendshipId,
    contactId: contact.id,
    hello,
    type: types.Friendship.Receive,
    timestamp: Date.now(),
  });
  t.puppet.friendshipAccept = async (friendshipId: string) => {
    accepted.push(friendshipId);
  };
  t.puppet.emit('friendship', { friendshipId: id });
  return accepted;
}

describe('WeChat personal account: login and friends', () => {
  it('shows the login QR code in the terminal and on the status, then the account once logged in', async () => {
    const printed: string[] = [];
    const t = await wechat({ login: false, print: (text) => printed.push(text) });
    expect(t.wechat.status()).toMatchObject({ mode: 'personal', state: 'stopped', queue: 0 });
    t.mocker.scan('https://login.weixin.qq.com/l/Abc123==', types.ScanStatus.Waiting);
    await waitFor(() => t.wechat.status().state === 'waiting-scan');
    expect(t.wechat.status().qrUrl).toBe('https://login.weixin.qq.com/l/Abc123==');
    t.mocker.login(t.self);
    await waitFor(() => t.wechat.status().state === 'logged-in');
    expect(t.wechat.status()).toMatchObject({ account: '帮扶助手' });
    expect(t.wechat.status().qrUrl).toBeUndefined();
    expect(printed).toEqual([expect.stringContaining('https://login.weixin.qq.com/l/Abc123==')]);
    expect(printed[0]).toMatch(/[█▀▄]{20}/);
  });

  it('accepts a friend request and greets with the menu', async () => {
    const t = await wechat();
    const newcomer = t.contact('新来的');
    const accepted = friendRequest(t, newcomer, '你好，我是红星村的', 'friendship-1');
    const greeting = await waitFor(() => t.sentTo(newcomer.id)[0]);
    expect(accepted).toEqual(['friendship-1']);
    expect(greeting.text).toMatch(/帮扶助手[\s\S]*1\. 政策咨询/);
  });

  it.each([
    ['加个好友', false],
    ['我想问问 帮扶 政策', true],
  ])('with WECHAT_FRIEND_KEYWORD=帮扶, a request saying "%s" is accepted: %s', async (hello, expected) => {
    const t = await wechat({ config: { WECHAT_FRIEND_KEYWORD: '帮扶' } });
    const stranger = t.contact(`陌生人${hello.length}`);
    const accepted = friendRequest(t, stranger, hello, `friendship-${hello}`);
    if (expected) await waitFor(() => t.sentTo(stranger.id)[0]);
    else await waitFor(() => t.logs.find((l) => l.message.includes('without the keyword')));
    expect(accepted.length > 0).toBe(expected);
  });
});

describe('WeChat personal account: sending', () => {
  it('paces every send: a random 1.5-4 s pause each, and at most 20 in any minute', async () => {
    const pauses = [0, 1, 0.2, 0.9, 0.5];
    let n = 0;
    const t = await wechat({ random: () => pauses[n++ % pauses.length] ?? 0 });
    const user = t.contact('收通知的人');
    for (let i = 1; i <= 24; i += 1) await app.store.outbox.enqueue('wechat', user.id, reply(`通知第 ${i} 条`));
    const chatter = t.contact('来聊天的人');
    await t.say(chatter, '你好', /回复数字/);
    await waitFor(() => t.sentTo(user.id).length === 24, { what: '24 outbox messages' });
    expect(t.sentTo(user.id).map((s) => s.text)).toEqual(Array.from({ length: 24 }, (_, i) => `通知第 ${i + 1} 条`));
    const gap = (i: number, back: number) => (t.sent[i]?.at ?? 0) - (t.sent[i - back]?.at ?? 0);
    for (let i = 1; i < t.sent.length; i += 1) expect(gap(i, 1)).toBeGreaterThanOrEqual(1500);
    for (let i = 20; i < t.sent.length; i += 1) expect(gap(i, 20)).toBeGreaterThanOrEqual(60_000);
    expect(t.sent.length).toBe(25);
  });

  it('keeps replies and outbox messages queued while logged out, and sends them after the login', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The core answers only after the account has logged out, so its reply meets a closed door.
    let asked = false;
    const t = await wechat({
      wrapBot: (bot) => ({
        handle: async (incoming) => {
          asked = true;
          return gate.then(() => bot.handle(incoming));
        },
      }),
    });
    const user = t.contact('等回复的人');
    user.say('你好').to(t.self);
    await waitFor(() => asked, { what: 'the message to reach the core' });
    await t.puppet.logout('test');
    await waitFor(() => t.wechat.status().state === 'stopped');
    expect(t.wechat.status().lastError).toMatch(/logged out/);
    open();
    const notice = await app.store.outbox.enqueue('wechat', user.id, reply('您反映的问题已经受理。'));
    await waitFor(() => t.wechat.status().queue === 1, { what: 'the reply to be queued' });
    await realPause(100);
    expect(t.sentTo(user.id)).toEqual([]);
    expect(pending(notice.id)).toBeDefined();

    t.mocker.login(t.self);
    await waitFor(() => t.sentTo(user.id).length === 2, { what: 'the reply and the notice' });
    expect(t.sentTo(user.id).map((s) => s.text)).toEqual([expect.stringMatching(/回复数字/), '您反映的问题已经受理。']);
    await waitFor(() => !pending(notice.id), { what: 'the notice to be marked sent' });
    await waitFor(() => t.wechat.status().queue === 0);
    expect(t.wechat.status().state).toBe('logged-in');
  });

  it('restarts the puppet with backoff after a logout until it logs in again, then drains the outbox', async () => {
    const t = await wechat({ reconnectBaseMs: 20 });
    const user = t.contact('老用户');
    await t.puppet.logout('kicked');
    const notice = await app.store.outbox.enqueue('wechat', user.id, reply('明天上午村委会发放补贴。'));
    await waitFor(() => t.logs.filter((l) => l.message.includes('restarting the puppet')).length >= 2, { what: 'two restarts' });
    const delays = t.logs.filter((l) => l.message.includes('restarting')).map((l) => (l.details as { delayMs: number }).delayMs);
    expect(delays.slice(0, 2)).toEqual([20, 40]);
    expect(pending(notice.id)).toBeDefined();
    await waitFor(() => t.puppet.state.active() === true, { what: 'the restarted puppet' });
    t.mocker.login(t.self);
    await waitFor(() => t.sentTo(user.id)[0], { what: 'the notice after the login' });
    await waitFor(() => !pending(notice.id));
  });

  it('marks an outbox message for retry, not sent, when the puppet refuses it', async () => {
    const t = await wechat();
    const user = t.contact('发不出去的人');
    const original = t.puppet.messageSendText.bind(t.puppet);
    t.puppet.messageSendText = async (to: string, text: string) => {
      if (to === user.id) throw new Error('the contact is not a friend any more');
      return original(to, text);
    };
    const notice = await app.store.outbox.enqueue('wechat', user.id, reply('通知'));
    await waitFor(() => pending(notice.id)?.attempts === 1, { what: 'a retry mark' });
    expect(pending(notice.id)).toMatchObject({
      status: 'pending',
      lastError: 'the contact is not a friend any more',
      notBefore: expect.any(String),
    });
    expect(t.wechat.status().lastError).toBe('the contact is not a friend any more');
  });
});
