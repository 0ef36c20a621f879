import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, tempDir } from '../helpers/test-app.js';

// Telegram 5xx: test/adapters/telegram/outbox.test.ts; WeChat logged out: test/adapters/wechat/delivery.test.ts.
// The web channel is pull-based: "down" means the browser is closed, or the server restarts before it polls.
let app: TestApp | undefined;
let dataDir = '';
afterEach(async () => {
  await app?.dispose();
  app = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('web outbox while the browser is away', () => {
  it('keeps a proactive message across a server restart and hands it over exactly once when the page polls', async () => {
    dataDir = await tempDir('bangfu-web-outbox-');
    app = await createTestApp({}, { dataDir });
    await app.store.outbox.enqueue('web', 'away', { text: '您反映的问题已受理' });
    expect((await app.server.inject({ url: '/api/chat/messages?userId=someone-else' })).json()).toEqual({ messages: [] });
    await app.dispose();
    app = await createTestApp({}, { dataDir });
    const first = await app.server.inject({ url: '/api/chat/messages?userId=away' });
    expect(first.json()).toEqual({ messages: [{ text: '您反映的问题已受理' }] });
    expect((await app.server.inject({ url: '/api/chat/messages?userId=away' })).json()).toEqual({ messages: [] });
    expect(await app.store.outbox.counts()).toMatchObject({ pending: 0, sent: 1 });
  });
});
