import { afterEach, describe, expect, it } from 'vitest';
import { deriveWebhookSecret, webhookTarget } from '../../../adapters/telegram/webhook.js';
import { FAKE_TOKEN } from '../../fakes/telegram-api.js';
import { startTelegramTest, type TelegramTest, waitFor } from './harness.js';

const WEBHOOK_URL = 'https://bangfu.example.org/telegram/hook';
const tests: TelegramTest[] = [];
async function telegram(): Promise<TelegramTest> {
  const t = await startTelegramTest({ env: { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL } });
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

const menuUpdate = (chatId: number) => ({
  update_id: 900 + chatId,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private', first_name: '测试' },
    from: { id: chatId, is_bot: false, first_name: '测试' },
    text: '菜单',
  },
});

describe('Telegram webhook mode', () => {
  it('registers the webhook with its secret and does not poll', async () => {
    const t = await telegram();
    expect(t.telegram.mode).toBe('webhook');
    const [call] = t.fake.callsOf('setWebhook');
    expect(call?.params).toMatchObject({ url: WEBHOOK_URL, secret_token: deriveWebhookSecret(FAKE_TOKEN) });
    expect(t.fake.callsOf('getUpdates')).toEqual([]);
  });

  it('handles an update posted with the right secret', async () => {
    const t = await telegram();
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/telegram/hook',
      headers: { 'x-telegram-bot-api-secret-token': deriveWebhookSecret(FAKE_TOKEN) },
      payload: menuUpdate(5001),
    });
    expect(response.statusCode).toBe(200);
    const [reply] = await waitFor(() => t.fake.sentTo(5001).length > 0 && t.fake.sentTo(5001));
    expect(reply?.text).toMatch(/选择您要办的事/);
    expect(reply?.reply_markup?.inline_keyboard.length).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong secret', { 'x-telegram-bot-api-secret-token': 'not-the-secret' }],
    ['no secret', {}],
  ])('refuses an update with %s', async (_name, headers) => {
    const t = await telegram();
    const response = await t.app.server.inject({ method: 'POST', url: '/telegram/hook', headers, payload: menuUpdate(5002) });
    expect(response.statusCode).toBe(401);
    expect(t.seen).toEqual([]);
    expect(t.fake.sentTo(5002)).toEqual([]);
  });

  it('answers 503 once the adapter has stopped, so Telegram delivers the update again later', async () => {
    const t = await telegram();
    await t.telegram.stop();
    const headers = { 'x-telegram-bot-api-secret-token': deriveWebhookSecret(FAKE_TOKEN) };
    const response = await t.app.server.inject({ method: 'POST', url: '/telegram/hook', headers, payload: menuUpdate(5003) });
    expect(response.statusCode).toBe(503);
  });
});

describe('webhookTarget', () => {
  const config = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET: undefined };

  it('derives a stable secret from the token when none is set', async () => {
    expect(webhookTarget(config).secret).toBe(webhookTarget(config).secret);
    expect(webhookTarget(config).secret).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookTarget({ ...config, TELEGRAM_BOT_TOKEN: '1:other' }).secret).not.toBe(webhookTarget(config).secret);
  });

  it('uses TELEGRAM_WEBHOOK_SECRET when set', async () => {
    expect(webhookTarget({ ...config, TELEGRAM_WEBHOOK_SECRET: 'my_secret-1' }).secret).toBe('my_secret-1');
  });

  it.each([
    ['https://bangfu.example.org/telegram/hook', '/telegram/hook', 'https://bangfu.example.org/telegram/hook'],
    ['https://bangfu.example.org', '/telegram/webhook', 'https://bangfu.example.org/telegram/webhook'],
  ])('serves %s on the route %s', (url, path, registered) => {
    expect(webhookTarget({ ...config, TELEGRAM_WEBHOOK_URL: url })).toMatchObject({ path, url: registered });
  });
});
