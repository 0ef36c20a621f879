import { afterEach, describe, expect, it } from 'vitest';
import { hashEnrolmentCode } from '../../src/core/enrolment-code.js';
import type { Household } from '../../src/model/household.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { choiceId, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const NOW = new Date('2026-11-27T02:00:00Z'); // Friday 10:00 in China
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

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
  causes: ['因病'],
  status: '已脱贫',
  exitYear: 2019,
  updatedAt: NOW.toISOString(),
};

async function setup(): Promise<TestApp> {
  const a = await createTestApp({}, { now: () => NOW });
  apps.push(a);
  await a.store.households.upsert(household);
  await a.store.cadres.put({
    id: 'C1',
    name: '刘帮扶',
    phone: '13900001111',
    villages: ['石桥村'],
    householdIds: [],
    status: 'active',
    codeHash: hashEnrolmentCode('K7PX3MWQ'),
    codeExpiresAt: '2026-12-06T00:00:00Z',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  });
  return a;
}

const inbox = async (a: TestApp, user: string) =>
  ((await a.server.inject({ url: `/api/chat/messages?userId=${user}` })).json().messages as { text: string }[])
    .map((m) => m.text)
    .join('\n');

describe('hardship self-report', () => {
  it.each(['申请帮扶', '困难申报', '我要申请帮扶'])('"%s" starts the form', async (text) => {
    const a = await setup();
    expect(textOf(await a.chat('u1', text))).toContain('遇到了什么困难');
  });

  it.each(['家里有人住院了没钱', '屋被水淹了'])('"%s" is offered the form, one tap to start', async (text) => {
    const a = await setup();
    const offer = await a.chat('u1', text);
    expect(textOf(offer)).toContain('现在申请吗');
    expect(textOf(await a.chat('u1', { choice: choiceId(offer, '申请帮扶') }))).toContain('遇到了什么困难');
  });

  it('lets anyone apply with name, place and phone, and requires consent to a home check', async () => {
    const a = await setup();
    await a.chat('u1', '申请帮扶');
    for (const t of ['1', '11月20日', '两万元左右', '住院花了很多钱，希望申请救助', '青山乡', '石桥村', '王秀英', '13800001234'])
      await a.chat('u1', t);
    expect(textOf(await a.chat('u1', '不同意'))).toContain('上门核实是申报必须的一步');
    const summary = await a.chat('u1', '同意');
    expect(textOf(summary)).toContain('138****1234');
    const done = textOf(await a.chat('u1', '1'));
    const code = /查询码是：([A-Z0-9]{8})/.exec(done)?.[1] as string;
    expect(done).toContain('2026-12-01 前'); // 2 working days after Friday
    expect(await a.store.applications.byTrackingCode(code)).toMatchObject({
      event: '生病住院',
      eventDate: '2026-11-20',
      cost: 20000,
      applicant: { name: '王秀英', phone: '13800001234', township: '青山乡', village: '石桥村' },
      status: 'submitted',
      decisionDeadline: '2026-12-12',
    });
    expect(textOf(await a.chat('other', `查询进度 ${code}`))).toContain('已申报');
  });

  it('asks again for a vague day, a future day or an approximate amount, and reads dates and amounts as people type them', async () => {
    const a = await setup();
    await a.chat('u1', '申请帮扶');
    await a.chat('u1', '1');
    expect(textOf(await a.chat('u1', '前几天'))).toContain('记不清具体哪天也没关系');
    expect(textOf(await a.chat('u1', '下个月10号'))).toContain('将来');
    expect(textOf(await a.chat('u1', '上个礼拜三'))).toContain('花了或损失了多少钱');
    expect(textOf(await a.chat('u1', '万把块'))).toContain('具体点的数');
    expect(textOf(await a.chat('u1', '两万五'))).toContain('希望得到什么帮助');
    for (const t of ['医疗费报销后还差一些', '青山乡', '石桥村', '王秀英', '13800001234', '同意']) await a.chat('u1', t);
    const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(await a.chat('u1', '1')))?.[1] as string;
    expect(await a.store.applications.byTrackingCode(code)).toMatchObject({ eventDate: '2026-11-18', cost: 25000 });
  });

  it('runs the whole path: apply → cadre told → visit linked → monitored → registry updated → applicant told', async () => {
    const a = await setup();
    await a.store.bindings.bind({ id: 'web:fam', kind: 'household', targetId: 'H1', boundAt: NOW.toISOString() });
    await a.chat('cad', 'K7PX3MWQ');
    await a.chat('fam', '申请帮扶');
    for (const t of ['3', '昨天', '跳过', '房子被冲坏了一角', '是的', '同意']) await a.chat('fam', t);
    const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(await a.chat('fam', '1')))?.[1] as string;
    const application = await a.store.applications.byTrackingCode(code);
    expect(application).toMatchObject({ householdId: 'H1', event: '自然灾害', township: '青山乡' });
    const id = application?.id as string;

    expect((await a.applications.transition(id, { to: 'checking', note: '' }, '李科长', NOW)).ok).toBe(true);
    expect((await a.store.applications.get(id))?.assignee).toBe('cadre:C1');
    expect(await inbox(a, 'cad')).toContain(`查询码 ${code}`);
    expect(await inbox(a, 'fam')).toContain('上门核实');

    await a.chat('cad', '走访登记');
    const offer = textOf(await a.chat('cad', 'H1'));
    expect(offer).toContain(`查询码 ${code}`);
    await a.chat('cad', '1');
    for (const t of ['今天', '达标', '达标', '达标', '达标', '达标', '达标', '跳过', '跳过', '已核实受灾情况', '1', '跳过', '1'])
      await a.chat('cad', t);
    const [visit] = await a.store.visits.list({ householdId: 'H1' });
    expect(visit?.applicationId).toBe(id);
    expect((await a.store.applications.get(id))?.visitIds).toEqual([visit?.id]);

    expect((await a.applications.transition(id, { to: 'reviewing', note: '' }, '李科长', NOW)).ok).toBe(true);
    expect((await a.applications.transition(id, { to: 'monitored', note: '' }, '李科长', NOW)).ok).toBe(false);
    expect((await a.applications.transition(id, { to: 'monitored', note: '', monitorType: '突发严重困难户' }, '李科长', NOW)).ok).toBe(
      true,
    );
    expect(await a.store.households.get('H1')).toMatchObject({
      status: '监测对象',
      monitorType: '突发严重困难户',
      monitorSince: '2026-11-27',
    });
    expect(await inbox(a, 'fam')).toContain('已纳入防返贫监测');
    expect(textOf(await a.chat('fam', '查询我家帮扶情况'))).toContain('防返贫监测对象（突发严重困难户');
    expect((await a.applications.transition(id, { to: 'resolved', note: '' }, '李科长', NOW)).ok).toBe(true);
  });

  it('requires a reason to decline and refuses invalid transitions', async () => {
    const a = await setup();
    await a.chat('u1', '申请帮扶');
    for (const t of ['4', '上个月', '10月1日', '跳过', '想找个工作', '青山乡', '石桥村', '王秀英', '13800001234', '同意'])
      await a.chat('u1', t);
    const code = /查询码是：([A-Z0-9]{8})/.exec(textOf(await a.chat('u1', '1')))?.[1] as string;
    const id = (await a.store.applications.byTrackingCode(code))?.id as string;
    expect(await a.applications.transition(id, { to: 'monitored', note: '' }, 's', NOW)).toEqual({
      ok: false,
      error: expect.stringContaining('不能从「已申报」'),
    });
    expect(await a.applications.transition(id, { to: 'declined', note: '' }, 's', NOW)).toEqual({
      ok: false,
      error: '不予纳入必须写明理由。',
    });
    expect((await a.applications.transition(id, { to: 'declined', note: '家庭收入稳定' }, 's', NOW)).ok).toBe(true);
    expect(await inbox(a, 'u1')).toContain('原因：家庭收入稳定');
  });
});
