import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cadre } from '../../src/model/cadre.js';
import type { Household } from '../../src/model/household.js';
import type { Reply } from '../../src/model/reply.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { choiceId, choicesOf, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

// Free text reaches the right service through POST /api/chat, for each intent and audience.

const NOW = new Date('2026-11-27T02:00:00Z');
let a: TestApp;
let users = 0;

const household: Household = {
  id: 'H1',
  headName: '张大山',
  idMasked: '3601**************',
  idHash: fakeHash('id-H1'),
  verifyHash: fakeHash('v-H1'),
  county: '演示县',
  township: '青山乡',
  village: '石桥村',
  size: 4,
  attribute: '一般贫困户',
  card: '蓝卡',
  causes: ['因病'],
  status: '已脱贫',
  exitYear: 2019,
  cadreName: '刘帮扶',
  cadrePhone: '13900001111',
  updatedAt: NOW.toISOString(),
};

const cadre: Cadre = {
  id: 'C1',
  name: '刘帮扶',
  phone: '13900001111',
  villages: ['石桥村'],
  householdIds: [],
  status: 'active',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

beforeAll(async () => {
  // One web client plays every user here: lift the per-IP cap on new chat users, which is not under test.
  a = await createTestApp({ CHAT_NEW_USERS_PER_IP_PER_HOUR: '1000' }, { now: () => NOW });
  await a.store.households.upsert(household);
  await a.store.cadres.put(cadre);
});
afterAll(async () => a.dispose());

/** A new web user: a guest, or bound to the household or the cadre. */
async function user(as: 'guest' | 'household' | 'cadre'): Promise<string> {
  const id = `intent-${++users}`;
  if (as === 'household') await a.store.bindings.bind({ id: `web:${id}`, kind: 'household', targetId: 'H1', boundAt: NOW.toISOString() });
  if (as === 'cadre') await a.store.bindings.bind({ id: `web:${id}`, kind: 'cadre', targetId: 'C1', boundAt: NOW.toISOString() });
  return id;
}

const ids = (replies: Reply[]) => choicesOf(replies).map((c) => c.id);
const form = async (id: string) => (await a.store.sessions.getSession(`web:${id}`))?.form;

describe('intents through POST /api/chat', () => {
  it.each([
    ['household', '老汉住院了 屋里没得钱了'],
    ['guest', '屋里遭水淹了'],
    ['cadre', '房子被山洪冲垮了'],
  ] as const)('hardship (%s, "%s"): offered 申请帮扶, not a status card; one tap starts the form', async (as, text) => {
    const u = await user(as);
    const offer = await a.chat(u, text);
    expect(ids(offer)).toEqual(['hardship.start', 'cmd:human', 'cmd:menu']);
    expect(textOf(offer)).not.toContain('【张大山家】');
    expect(textOf(await a.chat(u, { choice: choiceId(offer, '申请帮扶') }))).toContain('家里遇到了什么困难');
  });

  it('hardship with a policy question: the usual answer first, then the offer carrying all the choices', async () => {
    const u = await user('household');
    const replies = await a.chat(u, '老伴住院了没钱 住院能报销多少');
    expect(replies).toHaveLength(2);
    expect(replies[0]?.choices).toBeUndefined();
    expect(replies[0]?.text).toContain('报销');
    expect(ids(replies)).toEqual(expect.arrayContaining(['hardship.start', expect.stringMatching(/^policy\.detail:/)]));
  });

  it('hardship: 不用了 goes back to the menu, and nothing is started', async () => {
    const u = await user('guest');
    await a.chat(u, '我男人从房顶上摔下来受伤了');
    const menu = await a.chat(u, '不用了');
    expect(textOf(menu)).toContain('选择您要办的事');
    expect(await form(u)).toBeUndefined();
  });

  it('grievance: offered 反映问题; typing its number starts the complaint form', async () => {
    const u = await user('household');
    const offer = await a.chat(u, '村里评低保优亲厚友 太不公平了');
    expect(ids(offer)).toEqual(['complaint.start', 'cmd:human', 'cmd:menu']);
    expect(textOf(await a.chat(u, '1'))).toContain('您要反映哪方面的问题');
  });

  it('own status: a bound household sees its status card at once', async () => {
    const u = await user('household');
    const status = await a.chat(u, '我家的钱到了没');
    expect(textOf(status)).toContain('【张大山家】');
    expect(textOf(status)).toContain('卡类：蓝卡');
  });

  it('own status: a guest is offered verification, which starts on one tap', async () => {
    const u = await user('guest');
    const offer = await a.chat(u, '我家是么子卡');
    expect(ids(offer)).toEqual(['household.start', 'cmd:menu']);
    expect(textOf(await a.chat(u, { choice: 'household.start' }))).toContain('请输入户主');
  });

  it("own status: a cadre's question is not routed to a household's status or verification", async () => {
    const u = await user('cadre');
    const replies = await a.chat(u, '我还是不是贫困户');
    expect(ids(replies)).not.toContain('household.start');
    expect(await form(u)).toBeUndefined();
  });

  it("cadre work: a bound cadre's 走访 words open the visit form; a household's do not", async () => {
    const c = await user('cadre');
    await a.chat(c, '今天去张大山家入户了');
    expect((await form(c))?.formId).toBe('visit');
    const h = await user('household');
    await a.chat(h, '今天去张大山家入户了');
    expect(await form(h)).toBeUndefined();
  });

  it.each([
    ['谢谢你哈', '不客气'],
    ['早上好啊', '您好'],
    ['在吗 老乡问个事', '您请说'],
    ['你是谁', '机器人'],
  ])('small talk "%s": a short friendly line and the menu', async (text, line) => {
    const u = await user('guest');
    const replies = await a.chat(u, text);
    expect(replies).toHaveLength(1);
    expect(textOf(replies)).toContain(line);
    expect(textOf(replies)).not.toMatch(/答不上来|没太明白/);
    expect(ids(replies)).toEqual(ids(await a.chat(u, '菜单')));
  });
});

describe('intents mid-form through POST /api/chat', () => {
  it('step help: 身份证不在身上咋办 while verifying gets help and another way, then the same step', async () => {
    const u = await user('guest');
    await a.chat(u, '查询我家帮扶情况');
    await a.chat(u, '张大山');
    const before = await form(u);
    const help = await a.chat(u, '身份证不在身上咋办');
    expect(help[0]?.text).toContain('户口本');
    expect(help[0]?.text).toContain('村委会');
    expect(help[0]?.text).not.toMatch(/【[^】]*公开[^】]*】/);
    expect(help.at(-1)?.text).toContain('身份证号的最后 6 位');
    expect(await form(u)).toEqual(before);
    expect(textOf(await a.chat(u, '123456'))).toContain('没有核对上');
  });

  it('step help: 记不清日期 in the hardship form, then the date is taken', async () => {
    const u = await user('household');
    await a.chat(u, '申请帮扶');
    await a.chat(u, '1');
    const help = await a.chat(u, '记不清是哪天了');
    expect(textOf(help)).toContain('写个大概的日子');
    expect(textOf(help)).toContain('刘帮扶');
    expect(textOf(await a.chat(u, '3天前'))).toContain('花了或损失了多少钱');
  });

  it('step help: 不会打字 is not taken as the answer of a free-text step', async () => {
    const u = await user('household');
    await a.chat(u, '申请帮扶');
    await a.chat(u, '1');
    await a.chat(u, '昨天');
    await a.chat(u, '跳过');
    const help = await a.chat(u, '我不会打字');
    expect(textOf(help)).toContain('请家里人帮着打');
    expect((await form(u))?.answers.help).toBeUndefined();
  });

  it('a policy question at a free-text step is answered, not stored as the answer; sent again, it is taken', async () => {
    const u = await user('guest');
    await a.chat(u, '反映问题');
    await a.chat(u, '1');
    await a.chat(u, '青山乡');
    await a.chat(u, '石桥村');
    const before = await form(u);
    const replies = await a.chat(u, '低保一个月能领多少钱');
    expect(replies.at(-1)?.text).toMatch(/^我们接着填：【反映问题 \d+\/\d+】请把发生了什么写清楚/);
    expect(replies[0]?.text).toContain('低保');
    expect((await form(u))?.step).toBe(before?.step);
    expect((await form(u))?.answers.description).toBeUndefined();
    await a.chat(u, '低保一个月能领多少钱');
    expect((await form(u))?.answers.description).toBe('低保一个月能领多少钱');
  });

  it('small talk mid-form gets a line, and the form goes on', async () => {
    const u = await user('household');
    await a.chat(u, '申请帮扶');
    const replies = await a.chat(u, '谢谢');
    expect(textOf(replies)).toMatch(/^不客气！.*\n我们接着填：【困难申报 1\/\d+】家里遇到了什么困难/s);
  });
});
