import { afterEach, describe, expect, it } from 'vitest';
import { startTelegram, TelegramStartError } from '../../../adapters/telegram/start-telegram.js';
import { ConfigError } from '../../../src/config.js';
import { FakeTelegramApi } from '../../fakes/telegram-api.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { startTelegramTest, type TelegramTest, waitFor } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appWith(env: Record<string, string>): Promise<TestApp> {
  const app = await createTestApp(env);
  cleanups.push(() => app.dispose());
  return app;
}

async function fakeApi(): Promise<FakeTelegramApi> {
  const fake = await FakeTelegramApi.start();
  cleanups.push(() => fake.close());
  return fake;
}

describe('Telegram start-up', () => {
  it('fails with an error naming TELEGRAM_BOT_TOKEN when Telegram rejects the token', async () => {
    const fake = await fakeApi();
    const app = await appWith({ TELEGRAM_BOT_TOKEN: '42:not-the-right-token', TELEGRAM_API_ROOT: fake.apiRoot });
    const start = startTelegram({ config: app.config, bot: app.bot, store: app.store, server: app.server, log: app.server.log });
    await expect(start).rejects.toThrow(TelegramStartError);
    await expect(start).rejects.toThrow(/TELEGRAM_BOT_TOKEN.*401/);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    expect(fake.callsOf('getUpdates')).toEqual([]);
  });

  it('fails with an error naming TELEGRAM_API_ROOT when the Bot API cannot be reached', async () => {
    const fake = await FakeTelegramApi.start();
    await fake.close();
    const app = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const start = startTelegram({ config: app.config, bot: app.bot, store: app.store, server: app.server, log: app.server.log });
    await expect(start).rejects.toThrow(/TELEGRAM_API_ROOT/);
  });

  it('rejects a malformed token in the configuration', async () => {
    await expect(createTestApp({ TELEGRAM_BOT_TOKEN: 'not a token' })).rejects.toThrow(/TELEGRAM_BOT_TOKEN=.*@BotFather/);
  });

  it('keeps running when handling an update fails, and reports the error', async () => {
    const t: TelegramTest = await startTelegramTest({
      wrapBot: (bot) => ({
        handle: async (incoming) => {
          if (incoming.text === 'boom') throw new Error('core exploded');
          return bot.handle(incoming);
        },
      }),
    });
    cleanups.push(() => t.dispose());
    t.fake.sendText(4001, 'boom');
    await waitFor(() => t.telegram.status().lastError?.includes('core exploded'));
    await t.say(4001, '/menu', /选择您要办的事/);
    expect(t.telegram.status().running).toBe(true);
    expect(t.telegram.mode).toBe('polling');
    expect(t.telegram.capabilities).toEqual({ buttons: true, maxTextLength: 4096, sends: ['image', 'voice', 'location', 'file'] });
  });

  it('stops polling and the outbox on stop()', async () => {
    const t = await startTelegramTest();
    await t.telegram.stop();
    expect(t.telegram.status().running).toBe(false);
    const polls = t.fake.callsOf('getUpdates').length;
    t.fake.sendText(4002, '/menu');
    await t.app.dispose();
    await t.fake.close();
    expect(t.fake.callsOf('getUpdates').length).toBe(polls);
    expect(t.fake.sentTo(4002)).toEqual([]);
  });
});
