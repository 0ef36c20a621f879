import { afterEach, describe, expect, it } from 'vitest';
import { hashEnrolmentCode } from '../../src/core/enrolment-code.js';
import type { Household } from '../../src/model/household.js';
import { fakeHash } from '../helpers/fake-hash.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';

const NOW = new Date('2026-11-27T02:00:00Z');
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

function household(id: string, headName: string): Household {
  return {
    id,
    headName,
    idMasked: '3601**************',
    idHash: fakeHash(`id-${id}`),
    verifyHash: fakeHash(`v-${id}`),
    county: '演示县',
    township: '青山乡',
    village: '石桥村',
    size: 4,
    attribute: '一般贫困户',
    causes: ['因病'],
    status: '已脱贫',
    updatedAt: NOW.toISOString(),
  };
}

async function setup(): Promise<TestApp> {
  const a = await createTestApp({}, { now: () => NOW });
  apps.push(a);
  await a.store.households.upsert(household('H1', '张大山'), household('H2', '李秀英'));
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

async function say(a: TestApp, user: string, ...texts: string[]): Promise<string> {
  let last = '';
  for (const text of texts) last = textOf(await a.chat(user, text));
  return last;
}

describe('going back and choosing differently', () => {
  it('实名 → 匿名 drops the phone from the summary and the record', async () => {
    const a = await setup();
    await say(a, 'u1', '反映问题', '1', '青山乡', '石桥村', '三月份的产业奖补到现在都没有发', '跳过', '实名');
    expect(await say(a, 'u1', '13800001234')).toContain('方式：实名，电话 138****1234');
    await say(a, 'u1', '返回', '返回');
    const summary = await say(a, 'u1', '匿名');
    expect(summary).toContain('方式：匿名');
    expect(summary).not.toContain('电话');
    const code = /查询码是：([A-Z0-9]{8})/.exec(await say(a, 'u1', '1'))?.[1] as string;
    const stored = await a.store.complaints.byTrackingCode(code);
    expect(stored).toMatchObject({ anonymous: true });
    expect(stored?.phone).toBeUndefined();
  });

  it('a visit linked to one household’s application, then moved to another household, is stored unlinked', async () => {
    const a = await setup();
    await a.store.bindings.bind({ id: 'web:fam', kind: 'household', targetId: 'H1', boundAt: NOW.toISOString() });
    await say(a, 'fam', '申请帮扶', '3', '昨天', '跳过', '房子被冲坏了一角', '是的', '同意', '1');
    await say(a, 'cad', 'K7PX3MWQ', '走访登记');
    expect(await say(a, 'cad', 'H1')).toContain('这户有一条困难申报');
    await say(a, 'cad', '1', '返回', '返回');
    const next = await say(a, 'cad', 'H2');
    expect(next).not.toContain('困难申报');
    const passing = Array(6).fill('达标');
    const summary = await say(a, 'cad', '今天', ...passing, '跳过', '跳过', '送去了过冬的被子', '1', '跳过');
    expect(summary).toContain('请核对「走访登记」');
    expect(summary).not.toContain('关联困难申报');
    await say(a, 'cad', '1');
    const {
      items: [visit],
    } = await a.store.visits.search({ householdId: 'H2', page: 1, pageSize: 10 });
    expect(visit).toBeDefined();
    expect(visit && 'applicationId' in visit ? visit.applicationId : undefined).toBeUndefined();
    expect(JSON.stringify(visit)).not.toContain('undefined');
  });
});
