import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/core/bot.js';
import type { Flow } from '../../src/core/flow.js';
import type { Answers } from '../../src/core/form/types.js';
import type { SessionStore } from '../../src/core/session.js';
import type { Incoming } from '../../src/core/types.js';
import { type Reply, reply } from '../../src/model/reply.js';
import type { Session } from '../../src/model/session.js';
import { textOf } from '../helpers/test-app.js';

class MemorySessions implements SessionStore {
  readonly data = new Map<string, Session>();
  async getSession(id: string) {
    return this.data.get(id);
  }
  async saveSession(session: Session) {
    this.data.set(session.id, structuredClone(session));
  }
}

/** 领取方式 → (邮寄) 地址 → 门禁 → (有) 门禁码 → 备注; `who` is prefilled and asked only when not. */
function setup() {
  const submitted: Answers[] = [];
  const flow: Flow = {
    id: 'delivery',
    menu: { label: '领取物资', order: 1, audiences: ['guest'] },
    start: () => ({ replies: [], startForm: 'delivery' }),
    forms: [
      {
        id: 'delivery',
        title: '领取物资',
        prefill: () => ({ who: '张大山', preset: true }),
        fields: [
          { key: 'who', label: '领取人', when: (a) => a.preset !== true, prompt: '谁来领？', example: '张大山' },
          {
            key: 'way',
            label: '方式',
            prompt: '自取还是邮寄？',
            choices: [
              { id: 'pick', label: '自取' },
              { id: 'post', label: '邮寄' },
            ],
            example: '回复 1',
          },
          { key: 'address', label: '地址', when: (a) => a.way === 'post', prompt: '寄到哪里？', example: '石桥村一组' },
          {
            key: 'gate',
            label: '门禁',
            when: (a) => a.way === 'post',
            prompt: '有门禁吗？',
            choices: [
              { id: 'yes', label: '有' },
              { id: 'no', label: '没有' },
            ],
            example: '回复 2',
          },
          { key: 'code', label: '门禁码', when: (a) => a.gate === 'yes', prompt: '门禁码是多少？', example: '1234' },
          { key: 'note', label: '备注', optional: true, prompt: '还有要说的吗？', example: '没有就回复跳过' },
        ],
        submit: async (answers) => {
          submitted.push(structuredClone(answers));
          return [reply('已登记')];
        },
      },
    ],
  };
  const bot = new Bot({
    flows: [flow],
    sessions: new MemorySessions(),
    identify: async () => ({ kind: 'guest' }),
    contact: async () => '请联系村委会',
    idleMinutes: 30,
    now: () => new Date('2026-11-29T08:00:00Z'),
  });
  const send = (text: string, extra: Partial<Incoming> = {}): Promise<Reply[]> =>
    bot.handle({ channel: 'test', userId: 'u1', kind: 'text', text, receivedAt: new Date('2026-11-29T08:00:00Z'), ...extra });
  return { send, submitted };
}

const POSTED = ['邮寄', '石桥村一组', '有', '8866', '跳过'];
const back = (n: number) => Array<string>(n).fill('返回');
const prefilled = { who: '张大山', preset: true };

describe('answers that no longer apply are cleared', () => {
  it.each([
    ['nothing changes', POSTED, { way: 'post', address: '石桥村一组', gate: 'yes', code: '8866', note: null }],
    [
      '邮寄 → 自取 clears the address, the gate and, through the gate, its code',
      [...POSTED, ...back(5), '自取', '跳过'],
      { way: 'pick', note: null },
    ],
    [
      '有门禁 → 没有 clears the code only',
      [...POSTED, ...back(3), '没有', '跳过'],
      { way: 'post', address: '石桥村一组', gate: 'no', note: null },
    ],
    [
      'the same choice again keeps nothing stale: later answers are asked again',
      [...POSTED, ...back(5), '邮寄', '枫树村二组', '没有', '门口放着就行'],
      { way: 'post', address: '枫树村二组', gate: 'no', note: '门口放着就行' },
    ],
    [
      '自取 → 邮寄 asks the new fields',
      ['自取', '跳过', ...back(2), ...POSTED],
      { way: 'post', address: '石桥村一组', gate: 'yes', code: '8866', note: null },
    ],
  ])('%s', async (_name, messages, expected) => {
    const t = setup();
    await t.send('', { choiceId: 'delivery.start' });
    let summary = '';
    for (const message of messages) summary = textOf(await t.send(message));
    for (const [key, label] of [
      ['address', '地址'],
      ['gate', '门禁：'],
      ['code', '门禁码'],
    ] as const) {
      expect(summary.includes(label), `summary line ${label}`).toBe(key in expected);
    }
    expect(textOf(await t.send('1'))).toBe('已登记');
    expect(t.submitted).toEqual([{ ...prefilled, ...expected }]);
  });
});
