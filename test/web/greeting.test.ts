import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/model/reply.js';
import { choiceId, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const a = await createTestApp();
  apps.push(a);
  return a;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

async function greet(a: TestApp, userId: string): Promise<Reply[]> {
  const res = await a.server.inject({ method: 'POST', url: '/api/chat/greeting', payload: { userId } });
  expect(res.statusCode).toBe(200);
  return res.json().replies;
}

describe('POST /api/chat/greeting (the page opening, with no user text)', () => {
  it('shows the welcome and the menu, and leaves no session behind for a new user', async () => {
    const a = await app();
    const replies = await greet(a, 'new-user');
    expect(textOf(replies)).toContain('我是帮扶助手');
    expect(replies[0]?.choices?.length).toBeGreaterThan(3);
    expect(await a.store.sessions.getSession('web:new-user')).toBeUndefined();
  });

  it('does not answer an open form: it offers the way back in, and the form is where it was', async () => {
    const a = await app();
    await a.chat('u1', '留言');
    const before = structuredClone((await a.store.sessions.getSession('web:u1'))?.form);
    const replies = await greet(a, 'u1');
    expect(textOf(replies)).toContain('您上次填的「留言」还没填完');
    expect(textOf(replies)).not.toMatch(/没看懂|没太明白/);
    expect((await a.store.sessions.getSession('web:u1'))?.form).toEqual(before);
    const resumed = await a.chat('u1', { choice: choiceId(replies, '接着填') });
    expect(textOf(resumed)).toContain('您想留言说什么');
    expect(textOf(await a.chat('u1', { choice: choiceId(replies, '不填了') }))).toContain('已取消');
  });

  it('makes a typed number mean the menu it showed, not what was on the screen before the reload', async () => {
    const a = await app();
    await a.chat('u1', '政策咨询');
    const menu = await greet(a, 'u1');
    const second = menu[0]?.choices?.[1];
    const picked = await a.chat('u1', '2');
    expect(second?.label).toBe('查询我家帮扶情况');
    expect(textOf(picked)).toContain('姓名');
  });
});
