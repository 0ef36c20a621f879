import { afterEach, describe, expect, it } from 'vitest';
import type { Household } from '../../src/model/household.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { choiceId, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});
async function app(): Promise<TestApp> {
  const a = await createTestApp();
  apps.push(a);
  return a;
}

const household: Household = {
  id: 'H001',
  headName: '张大山',
  idMasked: '3601**************',
  idHash: fakeHash('h1'),
  verifyHash: fakeHash('v1'),
  county: '演示县',
  township: '青山乡',
  village: '石桥村',
  size: 4,
  attribute: '一般贫困户',
  causes: ['因病'],
  status: '已脱贫',
  cadreName: '刘帮扶',
  cadrePhone: '13900001111',
  updatedAt: '2026-01-01T00:00:00Z',
};

async function report(a: TestApp, user: string, answers: string[]): Promise<string> {
  await a.chat(user, '反映问题');
  let last = await a.chat(user, answers[0] as string);
  for (const answer of answers.slice(1)) last = await a.chat(user, answer);
  const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(last))?.[1];
  if (!code) throw new Error(`no tracking code in: ${textOf(last)}`);
  return code;
}

const messages = async (a: TestApp, user: string) =>
  (await a.server.inject({ method: 'GET', url: `/api/chat/messages?userId=${user}` })).json().messages as {
    text: string;
    choices?: { id: string }[];
  }[];

describe('reporting a problem by chat', () => {
  it('stores an anonymous report and answers with an unambiguous tracking code', async () => {
    const a = await app();
    const code = await report(a, 'u1', ['1', '青山乡', '石桥村', '三月份的产业奖补到现在都没有发', '跳过', '匿名', '确认提交']);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const stored = await a.store.complaints.byTrackingCode(code);
    expect(stored).toMatchObject({
      category: '扶贫资金发放问题',
      township: '青山乡',
      village: '石桥村',
      anonymous: true,
      status: 'registered',
      sensitive: false,
    });
    expect(stored?.phone).toBeUndefined();
  });

  it('asks for text when sent a voice message for the description', async () => {
    const a = await app();
    for (const t of ['反映问题', '3', '青山乡', '石桥村']) await a.chat('u1', t);
    const res = await a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'u1', kind: 'voice' } });
    expect(textOf(res.json().replies)).toContain('需要您发文字');
  });

  it("prefills a bound household's place and marks a conduct complaint sensitive", async () => {
    const a = await app();
    await a.store.households.upsert(household);
    await a.store.bindings.bind({ id: 'web:u2', kind: 'household', targetId: 'H001', boundAt: '2026-01-01' });
    await a.chat('u2', '反映问题');
    const place = await a.chat('u2', '干部作风问题');
    expect(textOf(place)).toContain('青山乡石桥村');
    await a.chat('u2', '是的');
    await a.chat('u2', '帮扶干部一年没来过我家，登记的走访都是假的');
    await a.chat('u2', '跳过');
    await a.chat('u2', '实名');
    const summary = await a.chat('u2', '13800001234');
    expect(textOf(summary)).toContain('138****1234');
    const done = await a.chat('u2', '1');
    const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(done))?.[1] as string;
    expect(await a.store.complaints.byTrackingCode(code)).toMatchObject({
      householdId: 'H001',
      sensitive: true,
      phone: '13800001234',
      anonymous: false,
    });
  });

  it("shows progress to anyone with the code, and lists a reporter's own items", async () => {
    const a = await app();
    const code = await report(a, 'u1', ['2', '青山乡', '石桥村', '我家条件很差却没有被识别为贫困户', '跳过', '实名', '跳过', '1']);
    expect(textOf(await a.chat('stranger', `查询进度 ${code.toLowerCase()}`))).toContain('已登记');
    expect(textOf(await a.chat('stranger', code))).toContain(`查询码 ${code}`);
    const mine = await a.chat('u1', '查询进度');
    expect(mine.at(-1)?.choices?.[0]?.label).toContain('贫困识别不准（已登记');
    expect(textOf(await a.chat('u1', { choice: mine.at(-1)?.choices?.[0]?.id as string }))).toContain(`查询码 ${code}`);
    expect(textOf(await a.chat('stranger', { choice: mine.at(-1)?.choices?.[0]?.id as string }))).not.toContain(code);
    expect(textOf(await a.chat('stranger', '查询进度 ZZZZ9999'))).toContain('没有找到');
  });
});

describe('the reporter is kept informed', () => {
  it('gets a message at each step, rates the fix, and 不满意 reopens the complaint', async () => {
    const a = await app();
    const code = await report(a, 'u1', ['1', '青山乡', '石桥村', '三月份的产业奖补到现在都没有发', '跳过', '匿名', '1']);
    const id = (await a.store.complaints.byTrackingCode(code))?.id as string;
    const steps = [
      { to: 'accepted', note: '', assignee: '青山乡政府', expect: '已受理' },
      { to: 'rectifying', note: '已核查发放名单', expect: '正在整改' },
      { to: 'verifying', note: '', expect: '正在核实' },
      { to: 'closed', note: '已补发1000元', expect: '已办结' },
    ] as const;
    for (const step of steps) {
      const result = await a.complaints.transition(id, step, '李科长', new Date());
      expect(result.ok).toBe(true);
      const [message] = await messages(a, 'u1');
      expect(message?.text).toContain(step.expect);
    }
    expect(await a.chat('someone-else', { choice: `complaint.unsatisfied:${id}` }).then(textOf)).toContain('不能评价');
    await a.chat('u1', { choice: `complaint.unsatisfied:${id}` });
    expect(textOf(await a.chat('u1', '钱只补了一半'))).toContain('重新交回去整改');
    const reopened = await a.store.complaints.get(id);
    expect(reopened).toMatchObject({ status: 'rectifying', reopenCount: 1 });
    expect(reopened?.history.at(-1)?.note).toContain('钱只补了一半');

    await a.complaints.transition(id, { to: 'verifying', note: '' }, '李科长', new Date());
    await a.complaints.transition(id, { to: 'closed', note: '已全部补发' }, '李科长', new Date());
    const closing = (await messages(a, 'u1')).at(-1);
    const satisfied = closing?.choices?.[0]?.id as string;
    expect(textOf(await a.chat('u1', { choice: satisfied }))).toContain('谢谢');
    expect((await a.store.complaints.get(id))?.satisfaction).toBe('satisfied');
  });

  it('refuses an invalid transition with a clear message', async () => {
    const a = await app();
    const code = await report(a, 'u1', ['5', '青山乡', '石桥村', '村里的扶贫项目公示栏好久没更新了', '跳过', '匿名', '1']);
    const id = (await a.store.complaints.byTrackingCode(code))?.id as string;
    const result = await a.complaints.transition(id, { to: 'closed', note: '' }, 's', new Date());
    expect(result).toEqual({ ok: false, error: expect.stringContaining('不能从「已登记」改为「已办结」') });
  });

  it('starts from the menu choice too', async () => {
    const a = await app();
    const menu = await a.chat('u1', '你好');
    expect(textOf(await a.chat('u1', { choice: choiceId(menu, '反映问题') }))).toContain('哪方面的问题');
  });
});
