import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/model/reply.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

/** Chats on a named channel straight through the bot (the terminal has no HTTP route of its own). */
function on(a: TestApp, channel: string) {
  return (text: string): Promise<Reply[]> => a.bot.handle({ channel, userId: 'u1', kind: 'text', text, receivedAt: new Date() });
}

describe('photo steps follow what the channel can send (Capabilities.sends)', () => {
  it.each([
    ['web', true],
    ['telegram', true],
    ['wechat', true],
    ['console', false],
  ])('the complaint description on %s mentions photos and takes them: %s', async (channel, photos) => {
    const a = await createTestApp();
    apps.push(a);
    const say = on(a, channel);
    await say('反映问题');
    await say('1');
    await say('茅坪乡');
    const asked = await say('神山村');
    expect(textOf(asked)).toContain('发生了什么');
    expect(textOf(asked).includes('照片')).toBe(photos);
    expect(asked.at(-1)?.accepts).toEqual(photos ? ['image'] : undefined);
  });

  it.each([
    ['web', '可以发一张现场照片（可选）'],
    ['telegram', '可以发一张现场照片或位置（可选）'],
    ['console', '请核对「走访登记」'],
  ])('asks for what %s can send at the end of a visit, or skips the step: %s', async (channel, expected) => {
    const a = await createTestApp({ SEED_DEMO: '1' });
    apps.push(a);
    const say = on(a, channel);
    const answers = ['干部绑定 GANBU888', '走访登记', '1', '今天', '1', '1', '1', '1', '1', '1', '跳过', '跳过', '送了米和油', '1'];
    let replies: Reply[] = [];
    for (const text of answers) replies = await say(text);
    expect(textOf(replies)).toContain(expected);
  });
});
