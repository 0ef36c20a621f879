import { afterEach, describe, expect, it } from 'vitest';
import { ChatHistory, type HistoryEntry } from '../../adapters/web/chat-history.js';
import { choiceId, createTestApp, type TestApp } from '../helpers/test-app.js';

const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const a = await createTestApp(env);
  apps.push(a);
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

async function historyOf(a: TestApp, query: string) {
  const res = await a.server.inject({ method: 'GET', url: `/api/chat/history?${query}` });
  return { status: res.statusCode, body: res.json() as { messages: HistoryEntry[]; error?: string; message?: string } };
}

describe('GET /api/chat/history', () => {
  it("returns the user's own turns as they were shown: typed text, tapped labels, replies with their buttons", async () => {
    const a = await app();
    const menu = await a.chat('u1', '菜单');
    await a.chat('u1', { choice: choiceId(menu, '政策咨询') });
    await a.chat('u2', '我是别人');
    const { status, body } = await historyOf(a, 'userId=u1');
    expect(status).toBe(200);
    const lines = body.messages.map((m) => `${m.from}:${m.text.split('\n')[0]}`);
    expect(lines[0]).toBe('user:菜单');
    expect(lines[1]).toMatch(/^bot:/);
    expect(lines[2]).toBe('user:政策咨询');
    expect(body.messages[1]).toMatchObject({ from: 'bot', choices: menu.at(-1)?.choices });
    expect(JSON.stringify(body.messages)).not.toContain('我是别人');
    expect((await historyOf(a, 'userId=nobody')).body.messages).toEqual([]);
  });

  it('keeps proactive messages the page polled, and only the last `limit` lines', async () => {
    const a = await app();
    await a.chat('u1', '菜单');
    await a.store.outbox.enqueue('web', 'u1', { text: '您的问题已受理' });
    await a.server.inject({ method: 'GET', url: '/api/chat/messages?userId=u1' });
    const { body } = await historyOf(a, 'userId=u1&limit=1');
    expect(body.messages).toEqual([{ from: 'notice', text: '您的问题已受理', at: expect.any(String) }]);
  });

  it.each([
    ['no userId', '', 'userId'],
    ['an empty userId', 'userId=%20', 'userId must not be empty'],
    ['a limit over 60', 'userId=u1&limit=61', 'at most 60'],
    ['a limit that is no number', 'userId=u1&limit=x', 'limit must be a number'],
  ])('answers 400 for %s', async (_name, query, error) => {
    const a = await app();
    const { status, body } = await historyOf(a, query);
    expect(status).toBe(400);
    expect(body.error).toContain(error);
  });

  it('is rate-limited per client address like the message polls', async () => {
    const a = await app({ CHAT_POLLS_PER_IP_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i += 1) expect((await historyOf(a, 'userId=u1')).status).toBe(200);
    const refused = await a.server.inject({ method: 'GET', url: '/api/chat/history?userId=u1' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().message).toContain('歇一会儿');
  });
});

describe('a send retried with the same messageId', () => {
  it('is answered once: the same replies, one turn in the history, the form moved on once', async () => {
    const a = await app();
    await a.chat('u1', '留言');
    const send = () => a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'u1', text: '1', messageId: 'm-1' } });
    const [first, second] = await Promise.all([send(), send()]);
    expect(second.json()).toEqual(first.json());
    const third = await send();
    expect(third.json()).toEqual(first.json());
    const { body } = await historyOf(a, 'userId=u1');
    expect(body.messages.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['留言', '1']);
    // Answered once: the form is at its second step, not its third.
    expect((await a.store.sessions.getSession('web:u1'))?.form?.history).toHaveLength(1);
  });

  it('refuses a messageId that is not 1 to 64 letters, digits, "-" or "_"', async () => {
    const a = await app();
    const res = await a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'u1', text: 'hi', messageId: 'a b' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain('messageId');
  });
});

describe('ChatHistory', () => {
  const line = (text: string): HistoryEntry => ({ from: 'user', text, at: '' });

  it('keeps the last lines of a conversation, forgets idle ones and the least recently seen beyond its size', () => {
    let now = 0;
    const history = new ChatHistory(() => now, { maxEntries: 3, maxUsers: 2, keepMs: 1000 });
    history.add('a', line('1'), line('2'), line('3'), line('4'));
    expect(history.recent('a', 10).map((e) => e.text)).toEqual(['2', '3', '4']);
    history.add('b', line('b'));
    history.add('c', line('c'));
    expect(history.size).toBe(2);
    expect(history.recent('a', 10)).toEqual([]);
    now = 1001;
    expect(history.recent('c', 10)).toEqual([]);
  });
});
