import { expect } from 'vitest';
import { startTelegram, type TelegramAdapter } from '../../../adapters/telegram/start-telegram.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Incoming } from '../../../src/core/types.js';
import { FAKE_TOKEN, FakeTelegramApi, type SentMessage } from '../../fakes/telegram-api.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

/** The real app, the fake Bot API and the running adapter, with the Incoming messages the core saw. */
export type TelegramTest = {
  app: TestApp;
  fake: FakeTelegramApi;
  telegram: TelegramAdapter;
  seen: Incoming[];
  /** Sends text as a user and returns the first new message to that chat matching `expected`. */
  say: (chatId: number, text: string, expected: RegExp) => Promise<SentMessage>;
  /** Presses the button labelled `label` on the latest keyboard in that chat and returns the matching reply. */
  press: (chatId: number, label: string, expected: RegExp) => Promise<SentMessage>;
  dispose: () => Promise<void>;
};

/** Options: extra environment, and a wrapper around the core bot (to spy on or break it). */
export type TelegramTestOptions = {
  env?: Record<string, string>;
  wrapBot?: (bot: Pick<Bot, 'handle'>) => Pick<Bot, 'handle'>;
};

/** Builds the real app on a temp DATA_DIR, a fake Bot API on 127.0.0.1, and starts the Telegram adapter against it. */
export async function startTelegramTest(options: TelegramTestOptions = {}): Promise<TelegramTest> {
  const fake = await FakeTelegramApi.start();
  const app = await createTestApp({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, ...options.env });
  const seen: Incoming[] = [];
  const spy: Pick<Bot, 'handle'> = {
    handle: (incoming) => {
      seen.push(incoming);
      return app.bot.handle(incoming);
    },
  };
  let telegram: TelegramAdapter;
  try {
    telegram = await startTelegram({
      config: app.config,
      bot: options.wrapBot ? options.wrapBot(spy) : spy,
      store: app.store,
      server: app.server,
      log: app.server.log,
      logId: app.logId,
      outboxIntervalMs: 20,
    });
  } catch (error) {
    await app.dispose();
    await fake.close();
    throw error;
  }

  const replyAfter = async (chatId: number, mark: number, expected: RegExp) =>
    waitFor(() => fake.sent.slice(mark).find((m) => m.chat_id === String(chatId) && expected.test(m.text)), {
      what: `a reply to ${chatId} matching ${expected}`,
    });

  return {
    app,
    fake,
    telegram,
    seen,
    say: async (chatId, text, expected) => {
      const mark = fake.sent.length;
      fake.sendText(chatId, text);
      return replyAfter(chatId, mark, expected);
    },
    press: async (chatId, label, expected) => {
      const keyboard = [...fake.sentTo(chatId)].reverse().find((m) => m.reply_markup);
      const button = keyboard?.reply_markup?.inline_keyboard.flat().find((b) => b.text.replace(/^\d+\.\s/, '') === label);
      expect(button, `a button "${label}" on the latest keyboard: ${JSON.stringify(keyboard?.reply_markup)}`).toBeDefined();
      const data = button && 'callback_data' in button ? button.callback_data : '';
      const mark = fake.sent.length;
      const answered = fake.callsOf('answerCallbackQuery').length;
      fake.pressButton(chatId, data, keyboard);
      const reply = await replyAfter(chatId, mark, expected);
      expect(fake.callsOf('answerCallbackQuery').length).toBeGreaterThan(answered);
      return reply;
    },
    dispose: async () => {
      await telegram.stop();
      await app.dispose();
      await fake.close();
    },
  };
}

/** Polls `probe` until it returns something truthy, failing after `timeoutMs`; for conditions, not for timing. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
