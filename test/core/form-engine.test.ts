import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Bot } from '../../src/core/bot.js';
import type { Flow } from '../../src/core/flow.js';
import type { Answers } from '../../src/core/form/types.js';
import type { SessionStore } from '../../src/core/session.js';
import type { Incoming } from '../../src/core/types.js';
import { type Reply, reply } from '../../src/model/reply.js';
import type { Session } from '../../src/model/session.js';
import { choicesOf, textOf } from '../helpers/test-app.js';

class MemorySessions implements SessionStore {
  readonly data = new Map<string, Session>();
  getSession(id: string) {
    return this.data.get(id);
  }
  async saveSession(session: Session) {
    this.data.set(session.id, structuredClone(session));
  }
}

function setup(options: { failSubmit?: number } = {}) {
  const submitted: Answers[] = [];
  let failures = options.failSubmit ?? 0;
  let clock = new Date('2026-11-29T08:00:00Z');
  const flow: Flow = {
    id: 'signup',
    menu: { label: '报名', order: 1, audiences: ['guest'] },
    start: () => ({ replies: [], startForm: 'signup' }),
    forms: [
      {
        id: 'signup',
        title: '报名',
        fields: [
          {
            key: 'kind',
            label: '类别',
            prompt: '选哪一类？',
            choices: [
              { id: 'farm', label: '种植' },
              { id: 'raise', label: '养殖' },
              { id: 'work', label: '务工' },
            ],
            example: '回复 1',
          },
          {
            key: 'age',
            label: '年龄',
            prompt: '您多大年纪？',
            schema: z.coerce.number({ message: '请填数字。' }).int({ message: '请填整数。' }).min(16, { message: '年龄要在 16 岁以上。' }),
            example: '45',
          },
          { key: 'note', label: '备注', prompt: '还有要说的吗？', optional: true, example: '没有就回复跳过' },
        ],
        submit: async (answers) => {
          if (failures > 0) {
            failures -= 1;
            throw new Error('disk full');
          }
          submitted.push(answers);
          return [reply('报名成功')];
        },
      },
    ],
  };
  const sessions = new MemorySessions();
  const bot = new Bot({
    flows: [flow],
    sessions,
    identify: () => ({ kind: 'guest' }),
    contact: () => '请联系村委会，监督电话 12317',
    idleMinutes: 30,
    now: () => clock,
    answerQuestion: (text) => (text.includes('怎么') ? [reply(`关于"${text}"的回答`)] : undefined),
  });
  const send = (text: string, extra: Partial<Incoming> = {}): Promise<Reply[]> =>
    bot.handle({ channel: 'test', userId: 'u1', kind: 'text', text, receivedAt: clock, ...extra });
  const advance = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  return { bot, send, submitted, sessions, advance };
}

describe('form engine', () => {
  it.each([
    ['2', 'raise'],
    ['２', 'raise'],
    ['二', 'raise'],
    ['第二个', 'raise'],
    ['养殖', 'raise'],
    ['raise', 'raise'],
    ['３', 'work'],
  ])('picks a choice from "%s"', async (input, expected) => {
    const t = setup();
    await t.send('报名');
    await t.send(input);
    await t.send('50');
    await t.send('跳过');
    await t.send('1');
    expect(t.submitted).toEqual([{ kind: expected, age: 50, note: null }]);
  });

  it('picks a choice by button id', async () => {
    const t = setup();
    await t.send('', { choiceId: 'signup.start' });
    await t.send('', { choiceId: 'work' });
    expect(textOf(await t.send('30'))).toContain('还有要说的吗');
  });

  it('shows a summary and stores only after confirmation', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    await t.send('40');
    const summary = await t.send('家里有两亩地');
    expect(textOf(summary)).toContain('类别：种植');
    expect(textOf(summary)).toContain('备注：家里有两亩地');
    expect(t.submitted).toHaveLength(0);
    expect(textOf(await t.send('确认'))).toBe('报名成功');
    expect(t.submitted).toHaveLength(1);
  });

  it('取消 cancels and shows the menu without storing', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    const replies = await t.send('取消');
    expect(textOf(replies)).toContain('已取消');
    expect(choicesOf(replies).map((c) => c.label)).toContain('报名');
    expect(t.sessions.getSession('test:u1')?.form).toBeUndefined();
  });

  it('返回 goes back one step and keeps earlier answers', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    expect(textOf(await t.send('返回'))).toContain('选哪一类');
    await t.send('3');
    expect(textOf(await t.send('上一步'))).toContain('选哪一类');
    expect(textOf(await t.send('返回'))).toContain('已经是第一步了');
  });

  it('返回 from the summary goes back to the last question', async () => {
    const t = setup();
    for (const input of ['1', '1', '40', '跳过']) await t.send(input);
    expect(textOf(await t.send('2'))).toContain('还有要说的吗');
  });

  it('菜单 leaves the form for the main menu', async () => {
    const t = setup();
    await t.send('1');
    const replies = await t.send('菜单');
    expect(textOf(replies)).toContain('已退出');
    expect(t.sessions.getSession('test:u1')?.form).toBeUndefined();
  });

  it('人工 gives the human contact and stays on the same question', async () => {
    const t = setup();
    await t.send('1');
    await t.send('2');
    const replies = await t.send('人工');
    expect(textOf(replies)).toContain('12317');
    expect(textOf(replies)).toContain('您多大年纪');
    expect(textOf(await t.send('33'))).toContain('还有要说的吗');
  });

  it('帮助 explains the current field with its example', async () => {
    const t = setup();
    await t.send('1');
    await t.send('2');
    expect(textOf(await t.send('帮助'))).toMatch(/年龄.*45/s);
  });

  it('after three failed tries explains with an example and offers the menu and a human', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    expect(textOf(await t.send('很老了'))).toContain('请填数字');
    expect(textOf(await t.send('10'))).toContain('16 岁以上');
    const third = await t.send('abc');
    expect(textOf(third)).toContain('比如：45');
    expect(choicesOf(third).map((c) => c.id)).toEqual(expect.arrayContaining(['cmd:menu', 'cmd:human']));
    expect(textOf(await t.send('60'))).toContain('还有要说的吗');
  });

  it('answers a policy question typed mid-form, then resumes', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    const replies = await t.send('小额信贷怎么申请');
    expect(textOf(replies)).toContain('关于"小额信贷怎么申请"的回答');
    expect(textOf(replies)).toContain('我们接着填');
    expect(textOf(replies)).toContain('您多大年纪');
  });

  it('tells the user kindly when a step needs text', async () => {
    const t = setup();
    await t.send('1');
    const replies = await t.send('', { kind: 'voice' });
    expect(textOf(replies)).toContain('需要您发文字');
    expect(textOf(replies)).toContain('选哪一类');
  });

  it('reads a transcribed voice message as text', async () => {
    const t = setup();
    await t.send('1');
    expect(textOf(await t.send('养殖', { kind: 'voice' }))).toContain('您多大年纪');
  });

  it('expires an idle form and says so when the user returns', async () => {
    const t = setup();
    await t.send('1');
    await t.send('1');
    t.advance(31);
    const replies = await t.send('40');
    expect(textOf(replies)).toContain('超过 30 分钟');
    expect(t.sessions.getSession('test:u1')?.form).toBeUndefined();
  });

  it('does not confirm when storing fails, and keeps the answers for a retry', async () => {
    const t = setup({ failSubmit: 1 });
    for (const input of ['1', '1', '40', '跳过']) await t.send(input);
    const failed = await t.send('1');
    expect(textOf(failed)).toContain('没有保存成功');
    expect(t.submitted).toHaveLength(0);
    expect(textOf(await t.send('1'))).toBe('报名成功');
    expect(t.submitted).toHaveLength(1);
  });

  it("handles one user's messages in order even when sent at once", async () => {
    const t = setup();
    await t.send('1');
    const [a, b] = await Promise.all([t.send('1'), t.send('40')]);
    expect(textOf(a)).toContain('您多大年纪');
    expect(textOf(b)).toContain('还有要说的吗');
  });
});
