import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_LIMIT, NAME_LIMIT } from '../../src/flows/household/verify-limits.js';
import type { Reply } from '../../src/model/reply.js';
import { FAMILY, seedFamily, VERIFY_HASH_KEY } from '../helpers/verify-fixture.js';
import { type LoggedApp, loggedApp } from './helpers.js';

const WRONG_TAIL = '999999';
// Not in the registry; the same length as FAMILY.name, so the bytes each try writes can be compared.
const STRANGER_NAME = '李四海';
const HELD_BACK = '核对没通过的次数太多';
const NOT_MATCHED = '信息没有核对上';

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

function clock() {
  let now = Date.parse('2026-11-01T08:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function setup() {
  const time = clock();
  const a = await loggedApp(
    { ID_HASH_KEY: VERIFY_HASH_KEY, CHAT_RATE_PER_IP_PER_MINUTE: '100000', CHAT_NEW_USERS_PER_IP_PER_HOUR: '100000' },
    { now: time.now },
  );
  await seedFamily(a.store, time.now());
  app = a;
  return { a, time };
}

const send = async (a: LoggedApp, userId: string, text: string, ip: string): Promise<Reply[]> => {
  const res = await a.post({ userId, text }, ip);
  expect(res.status).toBe(200);
  return res.body.replies ?? [];
};

const textOf = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

/** A whole name + ID tail try from a web user at `ip`: the replies to the tail, or the refusal to start. */
async function verify(a: LoggedApp, userId: string, name: string, tail: string, ip: string): Promise<Reply[]> {
  const start = await send(a, userId, '查询我家帮扶情况', ip);
  if (textOf(start).includes(HELD_BACK)) return start;
  await send(a, userId, name, ip);
  return send(a, userId, tail, ip);
}

const names = Array.from({ length: 40 }, (_, i) => `王${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁'[Math.floor(i / 10)]}`);

describe('household verification against enumeration (item 3)', () => {
  it('limits tries per client address, however many web user ids it rotates through', async () => {
    const { a, time } = await setup();
    const outcomes: string[] = [];
    for (const [i, name] of names.entries()) outcomes.push(textOf(await verify(a, `rotating-${i}`, name, WRONG_TAIL, '203.0.113.9')));
    expect(outcomes.filter((t) => t.includes(NOT_MATCHED))).toHaveLength(CLIENT_LIMIT.free);
    expect(outcomes.slice(CLIENT_LIMIT.free).every((t) => t.includes(HELD_BACK))).toBe(true);
    // Even the right answer from a fresh user id at that address waits its turn.
    expect(textOf(await verify(a, 'fresh-id', FAMILY.name, FAMILY.tail, '203.0.113.9'))).toContain(HELD_BACK);
    expect(a.store.bindings.get('web', 'fresh-id')).toBeUndefined();
    // Another address is not held back by it.
    expect(textOf(await verify(a, 'neighbour', FAMILY.name, FAMILY.tail, '198.51.100.7'))).toContain('核对成功');
    // The backoff doubles: one try after 1 minute, then the next needs 2 more minutes.
    time.advance(CLIENT_LIMIT.firstWaitMs);
    expect(textOf(await verify(a, 'later-1', names[0] as string, WRONG_TAIL, '203.0.113.9'))).toContain('请 2 分钟后再试');
    time.advance(CLIENT_LIMIT.firstWaitMs);
    expect(textOf(await verify(a, 'later-2', FAMILY.name, FAMILY.tail, '203.0.113.9'))).toContain(HELD_BACK);
    time.advance(CLIENT_LIMIT.firstWaitMs);
    expect(textOf(await verify(a, 'later-3', FAMILY.name, FAMILY.tail, '203.0.113.9'))).toContain('核对成功');
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not help', async () => {
    const { a } = await setup();
    const outcomes: string[] = [];
    for (const [i, name] of names.slice(0, 8).entries())
      outcomes.push(textOf(await verify(a, `v6-${i}`, name, WRONG_TAIL, `2001:db8:1:2::${(i + 1).toString(16)}`)));
    expect(outcomes.filter((t) => t.includes(NOT_MATCHED))).toHaveLength(CLIENT_LIMIT.free);
    expect(textOf(await verify(a, 'v6-other-net', FAMILY.name, FAMILY.tail, '2001:db8:1:3::1'))).toContain('核对成功');
  });

  it('limits a platform-verified user (no client address) by its user id, apart from web addresses', async () => {
    const { a, time } = await setup();
    const say = async (userId: string, text: string) =>
      textOf(await a.bot.handle({ channel: 'telegram', userId, kind: 'text', text, receivedAt: time.now() }));
    const tryOnce = async (userId: string, name: string, tail: string) => {
      const start = await say(userId, '查询我家帮扶情况');
      if (start.includes(HELD_BACK)) return start;
      await say(userId, name);
      return say(userId, tail);
    };
    for (const name of names.slice(0, CLIENT_LIMIT.free)) expect(await tryOnce('4242', name, WRONG_TAIL)).toContain(NOT_MATCHED);
    expect(await tryOnce('4242', FAMILY.name, FAMILY.tail)).toContain(HELD_BACK);
    expect(await tryOnce('5353', FAMILY.name, FAMILY.tail)).toContain('核对成功');
  });

  it('answers a registered and an unregistered name alike, try by try, lock-out included, with the same writes', async () => {
    const { a, time } = await setup();
    const written = () => a.store.writtenBytes();
    const delta = (before: Record<string, number>) => {
      const after = written();
      return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
    };
    let held = 0;
    for (let i = 0; i < 2 * NAME_LIMIT.max; i += 1) {
      const before = written();
      const registered = await verify(a, `r-${i}`, FAMILY.name, WRONG_TAIL, `10.1.0.${10 + i}`);
      const registeredWrites = delta(before);
      const between = written();
      const unregistered = await verify(a, `u-${i}`, STRANGER_NAME, WRONG_TAIL, `10.2.0.${10 + i}`);
      expect(unregistered).toEqual(registered);
      expect(delta(between)).toEqual(registeredWrites);
      if (textOf(registered).includes(HELD_BACK)) held += 1;
      time.advance(7 * 60_000);
    }
    // The sequence did reach the name's backoff and lock-out, and the two names stayed indistinguishable through it.
    expect(held).toBeGreaterThan(NAME_LIMIT.max / 2);
  });

  it("holds back a name after strangers' tries from many addresses, for the name path only", async () => {
    const { a } = await setup();
    for (let i = 0; i < NAME_LIMIT.max * 2; i += 1) await verify(a, `s-${i}`, FAMILY.name, WRONG_TAIL, `192.0.2.${i + 1}`);
    const family = await verify(a, 'family', FAMILY.name, FAMILY.tail, '198.51.100.20');
    expect(textOf(family)).toContain(HELD_BACK);
    // The refusal points to the way that still works: a code from the household's cadre.
    expect(textOf(family)).toContain('核对码');
    expect(family.at(-1)?.choices?.map((c) => c.id)).toContain('household.code');
  });
});
