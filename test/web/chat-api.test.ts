import { afterEach, describe, expect, it } from 'vitest';
import { choiceId, choicesOf, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const a = await createTestApp();
  apps.push(a);
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

describe('POST /api/chat', () => {
  it('answers a greeting with the main menu as text and choices', async () => {
    const a = await app();
    const res = await a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'u1', text: '你好' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.replies[0].text).toContain('帮扶助手');
    expect(body.replies[0].choices[0]).toEqual({ id: expect.any(String), label: expect.any(String) });
  });

  it.each([
    ['invalid JSON', '{"userId": "u1", "text": ', 'not valid JSON'],
    ['a JSON array', '[]', 'JSON object'],
    ['missing userId', '{"text":"hi"}', 'userId'],
    ['empty userId', '{"userId":"  ","text":"hi"}', 'userId must not be empty'],
    ['over-long userId', JSON.stringify({ userId: 'u'.repeat(129), text: 'hi' }), 'at most 128'],
    ['text over 2,000 characters', JSON.stringify({ userId: 'u1', text: '字'.repeat(2001) }), 'at most 2000'],
    ['text of the wrong type', '{"userId":"u1","text":42}', 'text must be a string'],
    ['userId of the wrong type', '{"userId":7,"text":"hi"}', 'userId must be a string'],
    ['neither text nor choice', '{"userId":"u1"}', 'send "text" or "choice"'],
    ['choice of the wrong type', '{"userId":"u1","choice":1}', 'choice must be a string'],
  ])('answers 400 for %s', async (_name, payload, message) => {
    const a = await app();
    const res = await a.server.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain(message);
  });

  it.each([
    ['empty text', ''],
    ['whitespace', '   \n '],
    ['emoji only', '😀😀👍'],
    ['control characters', '\u0000\u0007\u001b[31m\u202e'],
    ['2,000 characters', '测'.repeat(2000)],
    ['mixed scripts', 'Hello 你好 مرحبا ١٢٣ <script>alert(1)</script>'],
  ])('replies kindly to %s', async (_name, text) => {
    const a = await app();
    const replies = await a.chat('u1', text);
    expect(replies.length).toBeGreaterThan(0);
    expect(choicesOf(replies).length).toBeGreaterThan(0);
  });

  it('explains what it can read when sent a voice message', async () => {
    const a = await app();
    const res = await a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'u1', kind: 'voice' } });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.json().replies)).toContain('只能看懂文字');
  });

  it('answers an unknown or random choice id with the menu, not an error', async () => {
    const a = await app();
    expect(textOf(await a.chat('u1', { choice: 'nope.start' }))).toContain('过期');
    expect(textOf(await a.chat('u1', { choice: 'cmd:menu' }))).toContain('请回复数字');
  });

  it('runs the 留言 form end to end and stores it', async () => {
    const a = await app();
    const menu = await a.chat('u1', '你好');
    const topic = await a.chat('u1', { choice: choiceId(menu, '留言') });
    expect(textOf(topic)).toContain('您想留言说什么');
    await a.chat('u1', '１');
    await a.chat('u1', '村口的路灯坏了三个月了');
    const summary = await a.chat('u1', '13800001234');
    expect(textOf(summary)).toContain('138****1234');
    expect(textOf(summary)).not.toContain('13800001234');
    expect(textOf(await a.chat('u1', { choice: 'form:confirm' }))).toContain('已经收到');
    expect((await a.store.feedback.search({})).items).toMatchObject([
      { topic: 'suggestion', text: '村口的路灯坏了三个月了', phone: '13800001234' },
    ]);
  });

  it('resumes a half-filled form after a restart', async () => {
    const first = await createTestApp();
    await first.chat('u1', '留言');
    await first.chat('u1', '2');
    await first.close();
    const second = await createTestApp({}, { dataDir: first.dataDir });
    apps.push(second);
    expect(textOf(await second.chat('u1', '想问问低保的事情怎么办'))).toContain('回电话');
  });
});

describe('GET /api/chat/messages', () => {
  it('returns waiting proactive messages once', async () => {
    const a = await app();
    await a.store.outbox.enqueue('web', 'u1', { text: '您的问题已受理', choices: [{ id: 'cmd:menu', label: '菜单' }] });
    const first = await a.server.inject({ method: 'GET', url: '/api/chat/messages?userId=u1' });
    expect(first.json()).toEqual({ messages: [{ text: '您的问题已受理', choices: [{ id: 'cmd:menu', label: '菜单' }] }] });
    const second = await a.server.inject({ method: 'GET', url: '/api/chat/messages?userId=u1' });
    expect(second.json()).toEqual({ messages: [] });
  });

  it('answers 400 without a userId', async () => {
    const a = await app();
    const res = await a.server.inject({ method: 'GET', url: '/api/chat/messages' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain('userId');
  });
});

describe('chat page', () => {
  it('serves the page and its script', async () => {
    const a = await app();
    const page = await a.server.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('帮扶助手');
    expect((await a.server.inject({ method: 'GET', url: '/chat.js' })).body).toContain('./api.js');
    expect((await a.server.inject({ method: 'GET', url: '/api.js' })).body).toContain('/api/chat');
  });
});
