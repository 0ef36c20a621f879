import { afterEach, describe, expect, it } from 'vitest';
import { hashEnrolmentCode } from '../../src/core/enrolment-code.js';
import type { Cadre } from '../../src/model/cadre.js';
import type { Household } from '../../src/model/household.js';
import { coverage } from '../../src/visits/coverage.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { choiceId, choicesOf, createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const NOW = new Date('2026-11-29T02:00:00Z');
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

function household(id: string, headName: string, village = '石桥村'): Household {
  return {
    id,
    headName,
    idMasked: '3601**************',
    idHash: fakeHash(`id-${id}`),
    verifyHash: fakeHash(`v-${id}`),
    county: '演示县',
    township: '青山乡',
    village,
    size: 3,
    attribute: '一般贫困户',
    causes: [],
    status: '已脱贫',
    updatedAt: NOW.toISOString(),
  };
}

async function setup(): Promise<TestApp> {
  const a = await createTestApp({}, { now: () => NOW });
  apps.push(a);
  await a.store.households.upsert(
    household('H1', '张大山'),
    household('H2', '李秀英'),
    household('H3', '王二', '枫树村'),
    household('H4', '赵四', '枫树村'),
  );
  const cadre: Cadre = {
    id: 'C1',
    name: '刘帮扶',
    phone: '13900001111',
    villages: ['石桥村'],
    householdIds: ['H3'],
    status: 'active',
    codeHash: hashEnrolmentCode('K7PX3MWQ'),
    codeExpiresAt: '2026-12-06T00:00:00Z',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
  await a.store.cadres.put(cadre);
  return a;
}

const PASSING = ['达标', '达标', '达标', '达标'];

describe('cadre enrolment', () => {
  it('binds with the one-time code and adds the cadre menu', async () => {
    const a = await setup();
    const replies = await a.chat('c1', '干部绑定 k7px-3mwq');
    expect(textOf(replies)).toContain('绑定成功');
    expect(textOf(replies)).toContain('负责 3 户');
    expect(choicesOf(replies).map((c) => c.label)).toEqual(expect.arrayContaining(['走访登记', '我的帮扶户', '待走访']));
    expect(textOf(await a.chat('c2', 'K7PX3MWQ'))).toContain('已经用过');
  });

  it('accepts the code alone, and locks out after repeated wrong codes', async () => {
    const a = await setup();
    for (let i = 0; i < 5; i += 1) expect(textOf(await a.chat('c9', '干部绑定 AAAA2222'))).toContain('不对');
    expect(textOf(await a.chat('c9', 'K7PX3MWQ'))).toContain('错误次数太多');
    expect(textOf(await a.chat('c8', 'K7PX3MWQ'))).toContain('绑定成功');
  });

  it('does not offer cadre features to others', async () => {
    const a = await setup();
    expect(textOf(await a.chat('guest', { choice: 'visit.start' }))).toContain('过期');
  });
});

describe('visit form', () => {
  it('logs a full visit; each 不达标 item opens a ledger item; shows the last visit next time', async () => {
    const a = await setup();
    await a.chat('c1', 'K7PX3MWQ');
    const pick = await a.chat('c1', '走访登记');
    expect(
      choicesOf(pick)
        .map((c) => c.label)
        .join(),
    ).toContain('未走访过');
    const date = await a.chat('c1', { choice: choiceId(pick, '张大山') });
    expect(textOf(date)).toContain('这户还没有走访记录');
    await a.chat('c1', '昨天');
    for (const answer of ['达标', '达标', '达标', '达标']) await a.chat('c1', answer);
    await a.chat('c1', '不达标');
    await a.chat('c1', '屋顶漏雨，墙有裂缝');
    await a.chat('c1', '达标');
    await a.chat('c1', '8000元');
    await a.chat('c1', '希望尽快修房子');
    await a.chat('c1', '帮助申报危房改造');
    const next = await a.chat('c1', '1');
    expect(textOf(next)).toContain('现场照片');
    const photo = await a.server.inject({ method: 'POST', url: '/api/chat', payload: { userId: 'c1', kind: 'voice' } });
    expect(textOf(photo.json().replies)).toContain('图片或位置');
    const summary = await a.chat('c1', '跳过');
    expect(textOf(summary)).toContain('住房安全有保障：不达标');
    const receipt = await a.chat('c1', '确认提交');
    expect(textOf(receipt)).toContain('1 项不达标');

    const [visit] = await a.store.visits.list({ householdId: 'H1' });
    expect(visit).toMatchObject({ date: '2026-11-28', income: 8000, nextVisit: '2026-12-28', cadreId: 'C1' });
    expect(visit?.checklist.housing).toEqual({ ok: false, reason: '屋顶漏雨，墙有裂缝' });
    const [item] = await a.store.complaints.byHousehold('H1');
    expect(item).toMatchObject({ category: '走访发现问题', visitId: visit?.id, status: 'registered' });

    await a.chat('c1', '走访登记');
    const again = await a.chat('c1', 'H1');
    expect(textOf(again)).toContain('上次走访：2026-11-28');
    expect(textOf(again)).toContain('住房安全有保障不达标');
    expect(textOf(again)).toContain('帮助申报危房改造');
  });

  it('reads 上周三 as the visit date and 下个月10号 as the next visit, refusing a next visit already past', async () => {
    const a = await setup();
    await a.chat('c1', 'K7PX3MWQ');
    await a.chat('c1', '走访登记');
    await a.chat('c1', 'H3');
    expect(textOf(await a.chat('c1', '前几天'))).toContain('记不清具体哪天也没关系');
    await a.chat('c1', '上周三');
    for (const answer of ['达标', '达标', '达标', '达标', '达标', '达标', '一万二', '跳过', '常规走访']) await a.chat('c1', answer);
    expect(textOf(await a.chat('c1', '上个月10号'))).toContain('已经过去');
    expect(textOf(await a.chat('c1', '下个月10号'))).toContain('现场照片');
    await a.chat('c1', '跳过');
    await a.chat('c1', '确认提交');
    const [visit] = await a.store.visits.list({ householdId: 'H3' });
    expect(visit).toMatchObject({ date: '2026-11-18', income: 12000, nextVisit: '2026-12-10' });
  });

  it("refuses a household outside the cadre's list, a future date, and asks why when over 30 days late", async () => {
    const a = await setup();
    await a.chat('c1', 'K7PX3MWQ');
    await a.chat('c1', '走访登记');
    expect(textOf(await a.chat('c1', 'H4'))).toContain('不在您的帮扶名单');
    await a.chat('c1', 'H3');
    expect(textOf(await a.chat('c1', '2026-12-25'))).toContain('将来');
    expect(textOf(await a.chat('c1', '2026-09-01'))).toContain('为什么现在才登记');
  });

  it('lists households most overdue first and computes coverage', async () => {
    const a = await setup();
    await a.chat('c1', 'K7PX3MWQ');
    const base = {
      cadreId: 'C1',
      checklist: Object.fromEntries(['food', 'clothing', 'education', 'medical', 'housing', 'water'].map((k) => [k, { ok: true }])),
      measures: '常规走访',
      nextVisit: '2026-12-30',
      attachments: [],
      complaintIds: [],
      createdAt: NOW.toISOString(),
    } as const;
    await a.store.visits.put({ ...base, id: 'v1', householdId: 'H1', village: '石桥村', date: '2026-11-20' } as never);
    await a.store.visits.put({ ...base, id: 'v2', householdId: 'H2', village: '石桥村', date: '2026-09-01' } as never);
    const overdue = textOf(await a.chat('c1', '待走访'));
    expect(overdue).toContain('2 户');
    expect(overdue.indexOf('H3')).toBeLessThan(overdue.indexOf('H2'));
    expect(overdue).not.toContain('H1 ');
    const cov = await coverage(a.store, NOW, 30);
    expect(cov.byCadre).toEqual([expect.objectContaining({ key: 'C1', assigned: 3, visited: 1, overdue: ['H2', 'H3'] })]);
    expect(cov.byVillage.find((r) => r.key === '青山乡/石桥村')).toMatchObject({ assigned: 2, visited: 1 });
    expect(PASSING).toHaveLength(4);
  });
});

describe('visit reminders', () => {
  it('queues one reminder per overdue cadre account, once per interval, after the set time', async () => {
    const { runRemindersIfDue } = await import('../../src/visits/reminders.js');
    const a = await setup();
    await a.chat('c1', 'K7PX3MWQ');
    const config = { VISIT_OVERDUE_DAYS: 30, VISIT_REMINDER_TIME: '08:30', VISIT_REMINDER_INTERVAL_DAYS: 1 };
    expect(await runRemindersIfDue(a.store, new Date('2026-11-29T00:00:00Z'), config)).toBeUndefined(); // 08:00 China
    expect(await runRemindersIfDue(a.store, new Date('2026-11-29T01:00:00Z'), config)).toBe(1);
    expect(await runRemindersIfDue(a.store, new Date('2026-11-29T05:00:00Z'), config)).toBeUndefined();
    const [message] = (await a.server.inject({ url: '/api/chat/messages?userId=c1' })).json().messages;
    expect(message.text).toContain('3 户超过 30 天没有走访');
    expect(await runRemindersIfDue(a.store, new Date('2026-11-30T01:00:00Z'), config)).toBe(1);
  });
});
