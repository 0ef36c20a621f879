import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_CHANNEL } from '../../../adapters/telegram/channel.js';
import { startTelegramTest, type TelegramTest, waitFor } from './harness.js';

const tests: TelegramTest[] = [];
async function telegram(): Promise<TelegramTest> {
  const t = await startTelegramTest();
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

describe('Telegram outbox sender', () => {
  it('sends a proactive message and marks it sent', async () => {
    const t = await telegram();
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2001', {
      text: '您反映的问题已经处理。',
      choices: [{ id: 'cmd:menu', label: '回主菜单' }],
    });
    const [message] = await waitFor(() => t.fake.sentTo(2001).length > 0 && t.fake.sentTo(2001));
    expect(message?.text).toBe('您反映的问题已经处理。');
    expect(message?.reply_markup?.inline_keyboard).toEqual([[{ text: '1. 回主菜单', callback_data: 'cmd:menu' }]]);
    await waitFor(() => t.telegram.status().sent === 1);
    expect(t.telegram.status()).toMatchObject({ running: true, sent: 1, failed: 0, unreachable: 0, lastError: null });
  });

  it('splits a long message at 4,096 characters on line breaks, buttons on the last part', async () => {
    const t = await telegram();
    const line = `${'政策说明'.repeat(24)}\n`; // 97 characters a line
    const text = line.repeat(100).trim();
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2002', { text, choices: [{ id: 'cmd:menu', label: '回主菜单' }] });
    const parts = await waitFor(() => t.fake.sentTo(2002).length === 3 && t.fake.sentTo(2002));
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    expect(parts.map((p) => p.reply_markup === undefined)).toEqual([true, true, false]);
  });

  it('after a 429 waits retry_after, then sends', async () => {
    const t = await telegram();
    t.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2003', { text: '提醒：明天上午入户走访。' });
    await waitFor(() => t.telegram.status().sent === 1, { timeoutMs: 5000 });
    const [first, second] = t.fake.callsOf('sendMessage');
    expect(second).toBeDefined();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(t.fake.sentTo(2003).map((m) => m.text)).toEqual(['提醒：明天上午入户走访。']);
    expect(t.telegram.status()).toMatchObject({ sent: 1, failed: 1, unreachable: 0, lastError: expect.stringContaining('429') });
  });

  it('marks a chat that blocked the bot (403) unreachable and does not try it again', async () => {
    const t = await telegram();
    t.fake.block(2004);
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2004', { text: '您的诉求有新进展。' });
    await waitFor(() => t.telegram.status().unreachable === 1);
    // A later message to someone else going out shows the loop has moved on past the blocked one.
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2005', { text: '您的诉求有新进展。' });
    await waitFor(() => t.telegram.status().sent === 1);
    expect(t.fake.callsOf('sendMessage').filter((c) => c.params.chat_id === '2004')).toHaveLength(1);
    expect(await t.app.store.outbox.pending(TELEGRAM_CHANNEL, 10)).toEqual([]);
    expect(t.telegram.status()).toMatchObject({ sent: 1, unreachable: 1, lastError: expect.stringContaining('blocked') });
  });

  it('keeps a message after a server error, to retry with backoff', async () => {
    const t = await telegram();
    t.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    await t.app.store.outbox.enqueue(TELEGRAM_CHANNEL, '2006', { text: '补贴已发放。' });
    await waitFor(() => t.telegram.status().failed === 1);
    const [pending] = await t.app.store.outbox.pending(TELEGRAM_CHANNEL, 10);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('502') });
    expect(Date.parse(pending?.notBefore ?? '')).toBeGreaterThan(Date.now() + 2000);
  });
});
