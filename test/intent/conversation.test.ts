import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/model/reply.js';
import { choicesOf, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';
import { bindAs, NOW, seedPeople } from './fixtures.js';

// Every intent and every answer shape, end to end through POST /api/chat (app.inject), one new web user per row.

let a: TestApp;
let users = 0;

beforeAll(async () => {
  a = await createTestApp({ CHAT_NEW_USERS_PER_IP_PER_HOUR: '1000' }, { now: () => NOW });
  await seedPeople(a);
});
afterAll(async () => a.dispose());

type As = 'guest' | 'household' | 'cadre';

async function user(as: As): Promise<string> {
  const id = `conv-${++users}`;
  if (as !== 'guest') await bindAs(a, `web:${id}`, as);
  return id;
}

const ids = (replies: Reply[]) => choicesOf(replies).map((c) => c.id);
const form = async (id: string) => (await a.store.sessions.getSession(`web:${id}`))?.form;
const INTENT_STARTS = ['hardship.start', 'complaint.start', 'household.start'];

/** What the user sees after the message: one check per answer shape. */
type Shape = (replies: Reply[], u: string, menu: string[]) => void | Promise<void>;

const offer =
  (start: string): Shape =>
  (replies) => {
    expect(replies).toHaveLength(1);
    expect(ids(replies)[0]).toBe(start);
    expect(ids(replies)).toContain('cmd:menu');
    expect(ids(replies).some((id) => id.startsWith('policy.'))).toBe(false);
  };

const offerBesideAnswer =
  (start: string): Shape =>
  (replies) => {
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(replies[0]?.choices).toBeUndefined();
    expect(replies.at(-1)?.choices?.[0]?.id).toBe(start);
    expect(ids(replies).some((id) => id.startsWith('policy.detail:'))).toBe(true);
  };

const SHAPES: Record<string, Shape> = {
  'offer 申请帮扶': offer('hardship.start'),
  'answer, then offer 申请帮扶': offerBesideAnswer('hardship.start'),
  'offer 反映问题': offer('complaint.start'),
  'answer, then offer 反映问题': offerBesideAnswer('complaint.start'),
  'status card': (replies) => expect(textOf(replies)).toContain('【张大山家】'),
  'offer 查询我家帮扶情况': (replies) => expect(ids(replies)).toEqual(['household.start', 'cmd:menu']),
  'visit form': async (replies, u) => {
    expect((await form(u))?.formId).toBe('visit');
    expect(textOf(replies)).toContain('走访');
  },
  'small talk and the menu': (replies, _u, menu) => {
    expect(replies).toHaveLength(1);
    expect([...textOf(replies)].length).toBeLessThanOrEqual(150);
    expect(textOf(replies)).not.toMatch(/答不上来|没太明白/);
    expect(ids(replies)).toEqual(menu);
  },
  'policy answer, no offer': async (replies, u) => {
    expect(ids(replies).some((id) => id.startsWith('policy.detail:'))).toBe(true);
    expect(ids(replies).filter((id) => INTENT_STARTS.includes(id))).toEqual([]);
    expect(await form(u)).toBeUndefined();
  },
};

describe('intent routing through POST /api/chat, outside a form', () => {
  it.each<[As, string, keyof typeof SHAPES]>([
    ['guest', '俺家的房子让山洪冲垮了', 'offer 申请帮扶'],
    ['household', '孩子他爹在工地上摔断了腿', 'offer 申请帮扶'],
    ['cadre', '五保户刘奶奶家失火了', 'offer 申请帮扶'],
    ['household', '孩子住院了 没钱 住院能报销多少', 'answer, then offer 申请帮扶'],
    ['guest', '村里的护林员名额都给了村长的亲戚', 'offer 反映问题'],
    ['household', '我家的补贴被组长扣了三百', 'offer 反映问题'],
    ['guest', '低保金被村干部扣了 低保一个月多少钱', 'answer, then offer 反映问题'],
    ['household', '村里低保评得不公平 低保户是怎么评的', 'answer, then offer 反映问题'],
    ['household', '俺家今年的补贴到账冇', 'status card'],
    ['household', '我家现在还算不算监测户', 'status card'],
    ['guest', '我家现在还算不算监测户', 'offer 查询我家帮扶情况'],
    ['cadre', '上午去了王大爷家 了解了一下情况', 'visit form'],
    ['cadre', '记一下今天的入户', 'visit form'],
    ['guest', '老乡好', 'small talk and the menu'],
    ['household', '多谢了哈', 'small talk and the menu'],
    ['cadre', '你是机器人不', 'small talk and the menu'],
    ['guest', '晓得了', 'small talk and the menu'],
    ['guest', '住院报销比例是多少', 'policy answer, no offer'],
    ['household', '危房改造补助多少钱', 'policy answer, no offer'],
    ['household', '我家是脱贫户 孩子上高中有补助吗', 'policy answer, no offer'],
  ])('%s: "%s" → %s', async (as, text, shape) => {
    const u = await user(as);
    const menu = ids(await a.chat(u, '菜单'));
    const check = SHAPES[shape] as Shape;
    await check(await a.chat(u, text), u, menu);
  });
});

/** How to reach a form step: what to send, and the prompt that shows the step was reached. */
const STEPS = {
  'verify: ID tail': { as: 'guest', walk: ['查询我家帮扶情况', '张大山'], prompt: '身份证号的最后 6 位' },
  'hardship: date': { as: 'household', walk: ['申请帮扶', '1'], prompt: '是什么时候发生的' },
  'complaint: description': { as: 'guest', walk: ['反映问题', '1', '青山乡', '石桥村'], prompt: '请把发生了什么写清楚' },
  'visit: date': { as: 'cadre', walk: ['走访登记', '张大山'], prompt: '这次是哪天走访的' },
} as const satisfies Record<string, { as: As; walk: string[]; prompt: string }>;

describe('intent routing through POST /api/chat, mid-form', () => {
  it.each<[keyof typeof STEPS, string, 'step help' | 'policy answer' | 'small talk']>([
    ['verify: ID tail', '身份证在我女儿那里', 'step help'],
    ['hardship: date', '具体哪天想不起来了', 'step help'],
    ['complaint: description', '我不会写 能发语音吗', 'step help'],
    ['visit: date', '哪天去的我忘记了', 'step help'],
    ['hardship: date', '低保一个月多少钱', 'policy answer'],
    ['complaint: description', '谢谢啊', 'small talk'],
  ])('%s: "%s" → %s, then the same step again', async (at, text, shape) => {
    const step = STEPS[at];
    const u = await user(step.as);
    let last: Reply[] = [];
    for (const message of step.walk) last = await a.chat(u, message);
    expect(textOf(last)).toContain(step.prompt);
    const before = await form(u);
    const replies = await a.chat(u, text);
    expect(await form(u)).toMatchObject({ formId: before?.formId, step: before?.step, answers: before?.answers });
    expect(replies.at(-1)?.text).toContain(step.prompt);
    const said = textOf(replies.slice(0, -1));
    if (shape === 'step help') expect(said).toMatch(/帮扶干部|村委会|刘帮扶|家里人/);
    if (shape === 'policy answer') expect(said).toContain('低保');
    if (shape === 'small talk') expect(said).toContain('不客气');
  });
});
