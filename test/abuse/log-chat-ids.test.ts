import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { startTelegram, type TelegramAdapter } from '../../adapters/telegram/start-telegram.js';
import { startWeChatTest, type WeChatTest, waitFor } from '../adapters/wechat/harness.js';
import { FAKE_TOKEN, FakeTelegramApi } from '../fakes/telegram-api.js';
import { type LoggedApp, loggedApp } from './helpers.js';

// Telegram chat ids are numbers; the reporter's must not be findable in the log stream in any form.
const CHAT = 7300123456;
const REPORT = ['反映问题', '1', '茅坪乡', '神山村', '三月份的产业奖补到现在都没有发', '跳过', '匿名', '确认提交'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Telegram logs', () => {
  it("show an anonymous reporter's chat id only as a keyed hash, also when a download or the update to them fails", async () => {
    const fake = await FakeTelegramApi.start();
    cleanups.push(() => fake.close());
    const app: LoggedApp = await loggedApp({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'trace' });
    cleanups.push(() => app.dispose());
    const telegram: TelegramAdapter = await startTelegram({
      config: app.config,
      bot: app.bot,
      store: app.store,
      server: app.server,
      log: app.server.log,
      logId: app.logId,
      outboxIntervalMs: 20,
    });
    cleanups.push(() => telegram.stop());
    let code = '';
    for (const text of REPORT) {
      const mark = fake.sentTo(CHAT).length;
      fake.sendText(CHAT, text);
      const answer = await waitFor(() => fake.sentTo(CHAT)[mark], { what: `an answer to "${text}"` });
      code = /查询码是：([A-Z0-9]{8})/.exec(answer.text)?.[1] ?? code;
    }
    expect(code).not.toBe('');
    // A photo whose download fails is logged with the chat it came from.
    fake.userMessage(CHAT, { photo: [{ file_id: 'gone', file_unique_id: 'gone-u', width: 90, height: 68 }] });
    await waitFor(() => app.logs().includes('could not save a Telegram image'), { what: 'the failed download in the log' });
    // The reporter blocked the bot: the progress update to their (sealed) address fails and is logged.
    fake.block(CHAT);
    const id = (await app.store.complaints.byTrackingCode(code))?.id as string;
    expect((await app.complaints.transition(id, { to: 'accepted', note: '', assignee: '县纪委监委' }, '李科长', new Date())).ok).toBe(true);
    await waitFor(() => telegram.status().unreachable === 1, { what: 'the update marked unreachable' });
    // It was addressed to the reporter's chat: the sealed address opened to the right account.
    const tried = fake.callsOf('sendMessage').filter((c) => String(c.params.text).includes(`查询码 ${code}`));
    expect(tried.map((c) => c.params.chat_id)).toEqual([String(CHAT)]);

    const logs = app.logs();
    expect(logs).toContain('the chat cannot be reached');
    expect(logs).toContain(app.logId(String(CHAT)));
    expect(logs.match(new RegExp(String(CHAT), 'g'))).toBeNull();
  });
});

describe('WeChat (personal account) logs', () => {
  it('show contact ids only as keyed hashes: failed sends and refused friend requests', async () => {
    const t: WeChatTest = await startWeChatTest({ config: { WECHAT_FRIEND_KEYWORD: '帮扶' } });
    cleanups.push(() => t.dispose());
    const user = t.contact('发不出去的人');
    const original = t.puppet.messageSendText.bind(t.puppet);
    t.puppet.messageSendText = async (to: string, text: string) => {
      if (to === user.id) throw new Error('the contact is not a friend any more');
      return original(to, text);
    };
    user.say('你好').to(t.self);
    await waitFor(() => t.logs.find((l) => l.message.includes('could not be sent after 3 tries')), { what: 'the dropped reply' });
    const stranger = t.contact('陌生人');
    t.puppet.friendshipRawPayload = async (friendshipId: string) => ({
      id: friendshipId,
      contactId: stranger.id,
      hello: '加个好友',
      type: types.Friendship.Receive,
      timestamp: Date.now(),
    });
    t.puppet.emit('friendship', { friendshipId: 'friendship-refused' });
    await waitFor(() => t.logs.find((l) => l.message.includes('without the keyword')), { what: 'the refused request' });

    const logs = JSON.stringify(t.logs);
    for (const contact of [user.id, stranger.id]) {
      expect(logs).toContain(t.app.logId(contact));
      expect(logs).not.toContain(contact);
    }
  });
});
