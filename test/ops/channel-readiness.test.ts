import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_CHANNEL } from '../../adapters/telegram/channel.js';
import { startTelegram, TelegramStartError } from '../../adapters/telegram/start-telegram.js';
import type { WeChatState } from '../../adapters/wechat/status.js';
import { telegramCheck, wechatCheck } from '../../src/ops/channel-checks.js';
import type { CheckState } from '../../src/ops/readiness.js';
import { waitFor } from '../adapters/telegram/harness.js';
import { FAKE_TOKEN, FakeTelegramApi } from '../fakes/telegram-api.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp | undefined;
let fake: FakeTelegramApi | undefined;
afterEach(async () => {
  await app?.dispose();
  await fake?.close();
  app = undefined;
  fake = undefined;
});

async function readyz(a: TestApp) {
  const response = await a.server.inject({ method: 'GET', url: '/readyz' });
  return { code: response.statusCode, body: response.json() as { status: string; checks: Record<string, string> } };
}

describe('Telegram readiness, as main.ts starts it', () => {
  it('is starting, then ready once polling runs, then degraded when it stops; its chats are counted', async () => {
    fake = await FakeTelegramApi.start();
    app = await createTestApp({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
    const a = app;
    const f = fake;
    expect(await readyz(a)).toMatchObject({ code: 503, body: { status: 'starting', checks: { telegram: 'starting' } } });
    const telegram = await a.readiness.track(
      TELEGRAM_CHANNEL,
      () => startTelegram({ config: a.config, bot: a.bot, store: a.store, server: a.server, log: a.server.log, outboxIntervalMs: 20 }),
      (adapter) => telegramCheck(adapter.status()),
    );
    try {
      expect(await readyz(a)).toEqual({ code: 200, body: { status: 'ok', checks: { store: 'ok', telegram: 'ok' } } });
      f.sendText(42, '你好');
      await waitFor(() => f.sent.find((m) => m.chat_id === '42'), { what: 'the reply' });
      const metrics = await a.metrics.render();
      expect(metrics).toContain('bangfu_chat_messages_total{channel="telegram",direction="in"} 1');
      expect(metrics).toContain('bangfu_turn_duration_seconds_count{channel="telegram"} 1');
    } finally {
      await telegram.stop();
    }
    expect(await readyz(a)).toEqual({ code: 503, body: { status: 'degraded', checks: { store: 'ok', telegram: 'failed' } } });
  });

  it('is degraded when Telegram refuses the token', async () => {
    fake = await FakeTelegramApi.start({ token: '999:another-token' });
    app = await createTestApp({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
    const a = app;
    await expect(
      a.readiness.track(
        TELEGRAM_CHANNEL,
        () => startTelegram({ config: a.config, bot: a.bot, store: a.store, server: a.server, log: a.server.log }),
        (adapter) => telegramCheck(adapter.status()),
      ),
    ).rejects.toThrow(TelegramStartError);
    expect(await readyz(a)).toMatchObject({ code: 503, body: { status: 'degraded', checks: { telegram: 'failed' } } });
  });
});

describe('wechatCheck', () => {
  it.each<[WeChatState, boolean, CheckState]>([
    ['stopped', false, 'starting'],
    ['waiting-scan', false, 'starting'],
    ['waiting-scan', true, 'starting'],
    ['logged-in', true, 'ok'],
    ['error', true, 'failed'],
    // After the adapter started, stopped means logged out.
    ['stopped', true, 'failed'],
  ])('%s (started: %s) → %s', (state, started, check) => {
    expect(wechatCheck(state, started)).toBe(check);
  });
});
