import { afterEach, describe, expect, it } from 'vitest';
import type { Feedback } from '../../../src/model/feedback.js';
import { startTelegramTest, type TelegramTest } from './harness.js';

const tests: TelegramTest[] = [];
async function telegram(): Promise<TelegramTest> {
  const t = await startTelegramTest();
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

/** One turn: type a text or press a button, then expect a reply matching `expect`. */
type Step = { say: string; expect: RegExp } | { press: string; expect: RegExp };

/** A form driven end to end through Telegram; swap in another form by adding an entry. */
type Conversation = { name: string; steps: Step[]; stored: (t: TelegramTest, chatId: string) => void | Promise<void> };

const conversations: Conversation[] = [
  {
    name: '留言 (feedback)',
    steps: [
      { say: '/menu', expect: /选择您要办的事/ },
      { press: '给我们留言', expect: /您想留言说什么/ },
      { press: '提建议', expect: /请写下您要说的话/ },
      { say: '村里路灯坏了好几个月，希望能修一下', expect: /留个电话/ },
      { press: '跳过', expect: /请核对/ },
      { press: '确认提交', expect: /留言已经收到/ },
    ],
    stored: async (t, chatId) => {
      const { items } = await t.app.store.feedback.search({});
      expect(items).toEqual([
        expect.objectContaining<Partial<Feedback>>({
          channel: 'telegram',
          userId: chatId,
          topic: 'suggestion',
          // Whether the core keeps the full-width comma or normalises it is the core's business.
          text: expect.stringMatching(/^村里路灯坏了好几个月[，,]希望能修一下$/),
        }),
      ]);
      expect(items[0]?.phone).toBeUndefined();
    },
  },
  {
    name: '反映问题 (complaint)',
    steps: [
      { say: '/menu', expect: /选择您要办的事/ },
      { press: '反映问题', expect: /哪方面的问题/ },
      { press: '扶贫资金发放问题', expect: /哪个乡镇/ },
      { say: '青山乡', expect: /哪个村/ },
      { say: '石桥村', expect: /发生了什么/ },
      { say: '今年3月的产业奖补1000元，到现在还没有发到我家', expect: /和谁有关/ },
      { press: '跳过', expect: /实名还是匿名/ },
      { press: '匿名', expect: /请核对/ },
      { press: '确认提交', expect: /查询码/ },
    ],
    stored: async (t, chatId) => {
      expect(await t.app.complaints.reportedBy({ channel: 'telegram', userId: chatId })).toEqual([
        expect.objectContaining({ category: '扶贫资金发放问题', township: '青山乡', village: '石桥村', anonymous: true }),
      ]);
    },
  },
];

describe('Telegram conversation', () => {
  it('sets the Chinese command menu at start', async () => {
    const t = await telegram();
    const [call] = t.fake.callsOf('setMyCommands');
    expect(call?.params.commands).toEqual([
      { command: 'start', description: expect.stringContaining('主菜单') },
      { command: 'menu', description: '主菜单' },
      { command: 'help', description: expect.any(String) },
      { command: 'cancel', description: expect.stringContaining('取消') },
    ]);
  });

  it('/start greets and shows the menu as an inline keyboard', async () => {
    const t = await telegram();
    const menu = await t.say(1001, '/start', /选择您要办的事/);
    const greeting = t.fake.sentTo(1001)[0];
    expect(greeting?.text).toContain('帮扶助手');
    const buttons = menu.reply_markup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(buttons.map((b, i) => `${i + 1}. ${b.text.slice(`${i + 1}. `.length)}`));
    expect(buttons.map((b) => b.text)).toContainEqual(expect.stringMatching(/^\d+\. 给我们留言$/));
    for (const b of buttons) expect('callback_data' in b && b.callback_data).toMatch(/\.start$/);
    expect(t.seen[0]).toMatchObject({ channel: 'telegram', userId: '1001', choiceId: 'cmd:menu' });
  });

  it.each([
    ['/help', /您可以/, 'cmd:help'],
    ['/menu', /选择您要办的事/, 'cmd:menu'],
  ])('%s reaches the core as %s', async (command, expected, choiceId) => {
    const t = await telegram();
    await t.say(1002, command, expected);
    expect(t.seen.at(-1)?.choiceId).toBe(choiceId);
  });

  it('/cancel leaves a form', async () => {
    const t = await telegram();
    await t.say(1003, '/menu', /选择您要办的事/);
    await t.press(1003, '给我们留言', /您想留言说什么/);
    await t.say(1003, '/cancel', /已取消/);
    expect(t.seen.at(-1)?.choiceId).toBe('cmd:cancel');
  });

  it.each(conversations)('$name: a whole form by buttons and text is stored', async ({ steps, stored }) => {
    const t = await telegram();
    for (const step of steps) {
      if ('say' in step) await t.say(1004, step.say, step.expect);
      else await t.press(1004, step.press, step.expect);
    }
    await stored(t, '1004');
    expect(t.fake.callsOf('answerCallbackQuery').length).toBe(steps.filter((s) => 'press' in s).length);
  });

  it('a button whose token this process does not know falls back to its label', async () => {
    const t = await telegram();
    await t.say(1005, '/menu', /选择您要办的事/);
    const stale = {
      message_id: 1,
      chat_id: '1005',
      text: '旧消息',
      reply_markup: { inline_keyboard: [[{ text: '1. 给我们留言', callback_data: '~gone.0' }]] },
    };
    const mark = t.fake.sent.length;
    t.fake.pressButton(1005, '~gone.0', stale);
    await expect.poll(() => t.fake.sent.slice(mark).some((m) => /您想留言说什么/.test(m.text))).toBe(true);
    expect(t.seen.at(-1)).toMatchObject({ kind: 'text', text: '给我们留言' });
  });

  it('waits out a short rate limit (429) on a reply instead of losing it', async () => {
    const t = await telegram();
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await t.say(1008, '菜单', /选择您要办的事/);
    expect(t.fake.callsOf('sendMessage').filter((c) => c.params.chat_id === '1008')).toHaveLength(2);
  });

  it('leaves group chats alone (bindings are personal)', async () => {
    const t = await telegram();
    t.fake.userMessage(1007, { text: '菜单', chat: { id: -1007, type: 'group', title: '村民群' } });
    // Updates are handled in order, so once the private message is answered the group one has been passed over.
    await t.say(1007, '菜单', /选择您要办的事/);
    expect(t.seen.map((i) => i.userId)).toEqual(['1007']);
    expect(t.fake.sentTo(-1007)).toEqual([]);
  });

  it('a typed number picks from the buttons too', async () => {
    const t = await telegram();
    const menu = await t.say(1006, '/menu', /选择您要办的事/);
    const number =
      menu.reply_markup?.inline_keyboard
        .flat()
        .find((b) => b.text.endsWith('给我们留言'))
        ?.text.split('.')[0] ?? '';
    await t.say(1006, number, /您想留言说什么/);
  });
});
