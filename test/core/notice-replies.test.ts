import { afterEach, describe, expect, it } from 'vitest';
import { adminApp } from '../admin/helpers.js';
import { complaint } from '../admin/ledger-fixtures.js';
import { type TestApp, textOf } from '../helpers/test-app.js';

const USER = 'notice-reply-user';
const START = new Date('2026-11-27T02:00:00Z');

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

/** A complaint from USER on the web, closed by staff, its notices polled by the chat page. */
async function closedAndPolled(now: { at: Date }): Promise<{ a: TestApp; id: string }> {
  const a = await adminApp({ now: () => now.at });
  app = a;
  const c = await complaint(a, { anonymous: false, from: { channel: 'web', userId: USER } }, START);
  for (const to of ['accepted', 'rectifying', 'verifying', 'closed'] as const) {
    expect((await a.complaints.transition(c.id, { to, note: '已整改', assignee: '县纪委监委' }, '李科长', START)).ok).toBe(true);
  }
  const inbox = await a.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${USER}` });
  expect(
    inbox
      .json()
      .messages.at(-1)
      .choices.map((x: { label: string }) => x.label),
  ).toEqual(['满意', '不满意']);
  return { a, id: c.id };
}

describe('a notification answered by typing', () => {
  it.each([['不满意'], ['2'], ['２'], ['第二个']])('reopens the complaint on "%s" (web)', async (typed) => {
    const now = { at: START };
    const { a, id } = await closedAndPolled(now);
    expect(textOf(await a.chat(USER, typed))).toContain('哪里还不满意');
    expect(textOf(await a.chat(USER, '跳过'))).toContain('重新交回去整改');
    expect((await a.store.complaints.get(id))?.reopenCount).toBe(1);
  });

  it('no longer matches once answered', async () => {
    const now = { at: START };
    const { a, id } = await closedAndPolled(now);
    await a.chat(USER, '满意');
    expect((await a.store.complaints.get(id))?.satisfaction).toBe('satisfied');
    await a.chat(USER, '不满意');
    expect((await a.store.complaints.get(id))?.satisfaction).toBe('satisfied');
  });

  it('no longer matches after NOTIFICATION_REPLY_HOURS', async () => {
    const now = { at: START };
    const { a, id } = await closedAndPolled(now);
    now.at = new Date(START.getTime() + 73 * 3_600_000);
    expect(textOf(await a.chat(USER, '2'))).not.toContain('哪里还不满意');
    expect((await a.store.complaints.get(id))?.status).toBe('closed');
  });
});
