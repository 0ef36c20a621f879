import { describe, expect, it } from 'vitest';
import { Bot, type Routed } from '../../src/core/bot.js';
import type { Flow } from '../../src/core/flow.js';
import type { Aside, AsidePhase } from '../../src/core/form/types.js';
import type { SessionStore } from '../../src/core/session.js';
import type { Identity, Incoming } from '../../src/core/types.js';
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

const CONTACT = '请联系村委会，监督电话 12317';

/** A bot with one form (ID tail, then a free-text note) and a scripted understanding step. */
function setup(options: { identity?: Identity; understand?: (text: string) => Routed | undefined; noteTakesQuestions?: boolean } = {}) {
  const seen: { text: string; phase: AsidePhase }[] = [];
  const stored: unknown[] = [];
  const flows: Flow[] = [
    {
      id: 'verify',
      menu: { label: '核对', order: 1, audiences: ['guest'] },
      start: () => ({ replies: [], startForm: 'verify' }),
      forms: [
        {
          id: 'verify',
          title: '核对',
          confirm: false,
          fields: [
            {
              key: 'tail',
              label: '身份证后6位',
              prompt: '请输入身份证后 6 位：',
              parse: ({ text }) => (/^\d{5}[\dX]$/.test(text) ? { ok: true, value: text } : { ok: false, reason: '请输入 6 位。' }),
              example: '12345X',
              help: '身份证号的最后 6 位，户口本上也有。',
            },
            { key: 'note', label: '备注', prompt: '还有要说的吗？', example: '没有了', takesQuestions: options.noteTakesQuestions },
          ],
          submit: async (answers) => {
            stored.push(answers);
            return [reply('好了')];
          },
        },
      ],
    },
    { id: 'staff', menu: { label: '干部', order: 2, audiences: ['cadre'] }, start: () => ({ replies: [reply('干部功能')] }) },
    {
      id: 'qa',
      start: () => ({ replies: [] }),
      fallback: (text) =>
        text.includes('低保')
          ? {
              replies: [
                reply('【低保】每月发', [
                  { id: 'qa.detail', label: '看详细说明' },
                  { id: 'cmd:menu', label: '菜单' },
                ]),
              ],
            }
          : undefined,
    },
  ];
  const sessions = new MemorySessions();
  const bot = new Bot({
    flows,
    sessions,
    identify: () => options.identity ?? { kind: 'guest' },
    contact: () => CONTACT,
    idleMinutes: 30,
    answerQuestion: (text) => (text.includes('低保') ? [reply('【低保】回答')] : undefined),
    understand: options.understand,
    aside: (text, _ctx, phase): Aside | undefined => {
      seen.push({ text, phase });
      if (text.includes('不在身上') || (phase === 'after' && text.includes('不知道'))) return { kind: 'step-help' };
      if (phase === 'after' && text === '谢谢') return { kind: 'say', replies: [reply('不客气')] };
      if (phase === 'before' && text.endsWith('吗')) return { kind: 'say', replies: [reply('【政策】回答')] };
      return undefined;
    },
  });
  const send = (text: string, extra: Partial<Incoming> = {}): Promise<Reply[]> =>
    bot.handle({ channel: 'test', userId: 'u1', kind: 'text', text, receivedAt: new Date(), ...extra });
  const step = () => sessions.getSession('test:u1')?.form?.step;
  return { send, seen, stored, step, sessions };
}

describe('the understanding step outside a form', () => {
  it('runs the choice id it routes to, as if picked', async () => {
    const t = setup({ understand: () => ({ run: 'verify.start' }) });
    expect(textOf(await t.send('随便说说'))).toContain('请输入身份证后 6 位');
  });

  it('still checks the audience of a routed start', async () => {
    const t = setup({ understand: () => ({ run: 'staff.start' }) });
    expect(textOf(await t.send('随便说说'))).not.toContain('干部功能');
  });

  it('shows the menu under a line, in one reply', async () => {
    const t = setup({ understand: () => ({ menu: '不客气！' }) });
    const replies = await t.send('谢谢');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe('不客气！\n请回复数字选择：');
    expect(choicesOf(replies).map((c) => c.label)).toEqual(['核对']);
  });

  it('sends an offer whose choices work by number afterwards', async () => {
    const offer = reply('要核对吗？', [
      { id: 'verify.start', label: '核对身份' },
      { id: 'cmd:menu', label: '不用了' },
    ]);
    const t = setup({ understand: (text) => (text === '我家的情况' ? { replies: [offer] } : undefined) });
    expect(await t.send('我家的情况')).toEqual([offer]);
    expect(textOf(await t.send('1'))).toContain('请输入身份证后 6 位');
  });

  it('answers as usual and adds the offer beside, with one list of choices on the last reply', async () => {
    const offer = reply('要核对吗？', [
      { id: 'verify.start', label: '核对身份' },
      { id: 'cmd:menu', label: '不用了' },
    ]);
    const t = setup({ understand: () => ({ beside: offer }) });
    expect(await t.send('低保钱到了没 低保每月多少')).toEqual([
      { text: '【低保】每月发' },
      { text: '要核对吗？', choices: [...(offer.choices ?? []), { id: 'qa.detail', label: '看详细说明' }] },
    ]);
    expect(await t.send('说点别的')).toEqual([offer]);
  });

  it('leaves the text to the rest of the bot when it routes nowhere', async () => {
    const t = setup({ understand: () => undefined });
    expect(textOf(await t.send('随便说说'))).toContain('没太明白');
  });
});

describe('the understanding step inside a form', () => {
  it("answers a question about the step with the field's help and the contact, then asks the same step again", async () => {
    const t = setup();
    await t.send('核对');
    const replies = await t.send('身份证不在身上咋办');
    expect(replies[0]?.text).toContain('户口本上也有');
    expect(replies[0]?.text).toContain(CONTACT);
    expect(replies[1]?.text).toMatch(/^方便的话，我们接着填：【核对 1\/2】请输入身份证后 6 位/);
    expect(t.step()).toBe(0);
    expect(t.sessions.getSession('test:u1')?.form?.tries).toBe(0);
    await t.send('12345X');
    expect(t.step()).toBe(1);
  });

  it('asks before reading the text, so a step question is not taken as the answer of a free-text step', async () => {
    const t = setup();
    await t.send('核对');
    await t.send('12345X');
    expect(textOf(await t.send('身份证不在身上'))).toContain('这一步要填「备注」，比如：没有了。');
    expect(t.step()).toBe(1);
    expect(t.stored).toEqual([]);
  });

  it('asks again after the step refused the text', async () => {
    const t = setup();
    await t.send('核对');
    expect(textOf(await t.send('不知道'))).toContain('户口本上也有');
    expect(t.seen).toEqual([
      { text: '不知道', phase: 'before' },
      { text: '不知道', phase: 'after' },
    ]);
    expect(textOf(await t.send('谢谢'))).toMatch(/^不客气\n我们接着填：【核对 1\/2】/);
  });

  it('answers a remark before reading it once per step: sent again unchanged, it is read as the answer', async () => {
    const t = setup();
    await t.send('核对');
    await t.send('12345X');
    expect(textOf(await t.send('能补办吗'))).toMatch(/^【政策】回答\n我们接着填：【核对 2\/2】/);
    expect(t.step()).toBe(1);
    expect(textOf(await t.send('能补办吗'))).toBe('好了');
    expect(t.stored).toEqual([{ tail: '12345X', note: '能补办吗' }]);
  });

  it('reads a question as the answer at once where the step takes questions (a 留言 that asks something)', async () => {
    const t = setup({ noteTakesQuestions: true });
    await t.send('核对');
    await t.send('12345X');
    expect(textOf(await t.send('能补办吗'))).toBe('好了');
    expect(t.stored).toEqual([{ tail: '12345X', note: '能补办吗' }]);
  });

  it('keeps answering policy questions mid-form when the text is neither', async () => {
    const t = setup();
    await t.send('核对');
    expect(textOf(await t.send('低保怎么申请'))).toMatch(/^【低保】回答\n我们接着填：/);
    expect(t.step()).toBe(0);
  });
});
