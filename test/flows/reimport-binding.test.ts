import { afterEach, describe, expect, it } from 'vitest';
import { createHasher } from '../../src/privacy/keyed-hash.js';
import { importHouseholds, importMembers } from '../../src/registry/importer.js';
import { tableFromObjects } from '../../src/registry/read-table.js';
import { HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from '../../src/registry/rows.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';
import { VERIFY_HASH_KEY } from '../helpers/verify-fixture.js';
import { fakeId, householdCells } from '../registry/helpers.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

const hasher = createHasher(VERIFY_HASH_KEY);
const people = {
  head: { name: '张大山', id: fakeId('19600101', 1) },
  wife: { name: '王桂兰', id: fakeId('19620202', 2) },
  son: { name: '张小军', id: fakeId('19900303', 3) },
};
type Person = keyof typeof people;
const ENDED = '登记名单更新了';

async function setup() {
  const a = await createTestApp({
    ID_HASH_KEY: VERIFY_HASH_KEY,
    CHAT_RATE_PER_IP_PER_MINUTE: '100000',
    CHAT_NEW_USERS_PER_IP_PER_HOUR: '100000',
  });
  apps.push(a);
  const household = (head: Person) =>
    importHouseholds(
      a.store,
      hasher,
      tableFromObjects([...HOUSEHOLD_COLUMNS], [householdCells(1, { 户主姓名: people[head].name, 身份证号: people[head].id })]),
    );
  const members = (...who: Person[]) =>
    importMembers(
      a.store,
      hasher,
      tableFromObjects(
        [...MEMBER_COLUMNS],
        who.map((p) => ({ 户编号: 'T0001', 姓名: people[p].name, 身份证号: people[p].id, 与户主关系: '家庭成员' })),
      ),
    );
  /** `user` verifies as `who`; returns the replies to the last answer. */
  const verify = async (user: string, who: Person) => {
    await a.chat(user, '查询我家帮扶情况');
    await a.chat(user, people[who].name);
    return textOf(await a.chat(user, people[who].id.slice(-6)));
  };
  return { a, household, members, verify };
}

describe('re-imports and chat bindings (issue 17 §2)', () => {
  it('a member the members sheet drops loses the binding, is told once, and can no longer verify', async () => {
    const { a, household, members, verify } = await setup();
    await household('head');
    await members('wife', 'son');
    expect(await verify('wife-phone', 'wife')).toContain('核对成功');
    expect(await verify('son-phone', 'son')).toContain('核对成功');

    expect(await members('wife')).toMatchObject({ written: true, removed: 1 });
    // The wife is still listed: her binding holds.
    expect(textOf(await a.chat('wife-phone', '查询我家帮扶情况'))).toContain('【张大山家】');
    const told = await a.chat('son-phone', '你好');
    expect(textOf(told)).toContain(ENDED);
    expect(told[0]?.choices?.map((c) => c.label)).toEqual(['重新核对']);
    const next = textOf(await a.chat('son-phone', '查询我家帮扶情况'));
    expect(next).not.toContain(ENDED);
    expect(next).not.toContain('【张大山家】');
    expect(next).toContain('请输入户主');
    await a.chat('son-phone', people.son.name);
    expect(textOf(await a.chat('son-phone', people.son.id.slice(-6)))).toContain('信息没有核对上');
    expect(await a.store.bindings.get('web', 'son-phone')).toBeUndefined();
  });

  it('a head change ends the old head’s binding (they no longer see the new head’s card) and they can verify again', async () => {
    const { a, household, members, verify } = await setup();
    await household('head');
    await members('wife', 'son');
    expect(await verify('head-phone', 'head')).toContain('核对成功');
    expect(await verify('wife-phone', 'wife')).toContain('核对成功');

    // The son becomes the head; the old head is no longer in the household's list.
    await household('son');
    await members('wife');
    const told = await a.chat('head-phone', '查询我家帮扶情况');
    expect(textOf(told)).toContain(ENDED);
    expect(textOf(told)).not.toContain('【张小军家】');
    expect(textOf(await a.chat('head-phone', '菜单'))).not.toContain(ENDED);
    // A member still listed keeps seeing the household, now under its new head.
    expect(textOf(await a.chat('wife-phone', '查询我家帮扶情况'))).toContain('【张小军家】');
    // The new head verifies; had the old head stayed in the members list, they could verify again too.
    expect(await verify('son-phone', 'son')).toContain('【张小军家】');
    await members('wife', 'head');
    expect(await verify('head-phone', 'head')).toContain('核对成功');
  });

  it('an old head still listed as a member keeps the binding', async () => {
    const { a, household, members, verify } = await setup();
    await household('head');
    await members('wife');
    expect(await verify('head-phone', 'head')).toContain('核对成功');
    await household('son');
    await members('wife', 'head');
    const replies = textOf(await a.chat('head-phone', '查询我家帮扶情况'));
    expect(replies).not.toContain(ENDED);
    expect(replies).toContain('【张小军家】');
  });
});
