import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AidRecord } from '../../src/model/aid.js';
import type { Household } from '../../src/model/household.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function household(id: string, over: Partial<Household> = {}): Household {
  return {
    id,
    headName: '张大山',
    idMasked: '3601**********0011',
    idHash: `id-${id}`,
    verifyHash: `v-${id}`,
    county: '演示县',
    township: '青山乡',
    village: '石桥村',
    size: 3,
    attribute: '一般贫困户',
    causes: ['因病'],
    status: '已脱贫',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

const aid = (id: string, householdId: string, date: string, amountFen: number): AidRecord => ({
  id,
  householdId,
  category: '产业',
  name: '产业奖补',
  amountFen,
  date,
});

describe('lowdb store', () => {
  it('keeps every collection and its indexes across reopen', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    await store.households.upsert(household('H1'), household('H2', { village: '枫树村', verifyHash: 'shared' }));
    await store.aid.add(aid('a1', 'H1', '2026-01-05', 50000), aid('a2', 'H1', '2026-03-05', 30000));
    await store.bindings.bind({ id: 'web:u1', kind: 'household', targetId: 'H1', boundAt: '2026-01-01' });
    await store.outbox.enqueue('web', 'u1', { text: '您的问题已受理' });
    await store.sessions.saveSession({ id: 'web:u1', updatedAt: '2026-01-01', version: 1 });
    await store.close();

    const again = await openLowStore(dir);
    expect(again.households.count()).toBe(2);
    expect(again.households.byVerifyHash('shared').map((h) => h.id)).toEqual(['H2']);
    expect(again.households.byIdHash('id-H1')?.id).toBe('H1');
    expect(again.aid.byHousehold('H1').map((r) => r.date)).toEqual(['2026-03-05', '2026-01-05']);
    expect(again.bindings.byTarget('household', 'H1')).toHaveLength(1);
    expect(again.outbox.due('web', new Date(), 10)).toHaveLength(1);
    expect(again.sessions.getSession('web:u1')?.version).toBe(1);
    await again.close();
  });

  it('re-indexes a household whose verification key changed', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    await store.households.upsert(household('H1', { verifyHash: 'old' }));
    await store.households.upsert(household('H1', { verifyHash: 'new' }));
    expect(store.households.byVerifyHash('old')).toEqual([]);
    expect(store.households.byVerifyHash('new').map((h) => h.id)).toEqual(['H1']);
    await store.close();
  });

  it('skips duplicate aid rows by household, name, date and amount', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    expect(await store.aid.add(aid('a1', 'H1', '2026-01-05', 50000), aid('a1b', 'H1', '2026-01-05', 50000))).toBe(1);
    expect(await store.aid.add(aid('a2', 'H1', '2026-01-05', 50000))).toBe(0);
    await store.close();
  });

  it('hands web users their outbox messages once, oldest first', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    await store.outbox.enqueue('web', 'u1', { text: 'first' }, new Date('2026-01-01T00:00:00Z'));
    await store.outbox.enqueue('web', 'u1', { text: 'second' }, new Date('2026-01-01T00:01:00Z'));
    await store.outbox.enqueue('web', 'u2', { text: 'other' });
    const taken = await store.outbox.takeFor('web', 'u1', new Date());
    expect(taken.map((m) => m.reply.text)).toEqual(['first', 'second']);
    expect(await store.outbox.takeFor('web', 'u1', new Date())).toEqual([]);
    expect(store.outbox.counts()).toEqual({ pending: 1, sent: 2, unreachable: 0 });
    await store.close();
  });

  it('counts verification failures inside a window', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    await store.attempts.recordFailure(['user:a', 'house:H1'], new Date('2026-01-01T00:00:00Z'));
    await store.attempts.recordFailure(['user:a'], new Date('2026-01-02T00:00:00Z'));
    expect(store.attempts.failuresSince('user:a', new Date('2026-01-01T12:00:00Z'))).toBe(1);
    expect(store.attempts.failuresSince('house:H1', new Date('2025-12-31T00:00:00Z'))).toBe(1);
    expect(store.attempts.failureTimes('user:a', new Date('2025-12-31T00:00:00Z'))).toEqual([
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-02T00:00:00Z'),
    ]);
    await store.close();
  });

  it('drops attempt logs with no failure in the last 7 days, and idle sessions, durably', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    await store.attempts.recordFailure(['old', 'recent'], new Date('2026-01-01T00:00:00Z'));
    await store.attempts.recordFailure(['recent'], new Date('2026-01-07T00:00:00Z'));
    expect(await store.attempts.removeStale(new Date('2026-01-09T00:00:00Z'))).toBe(1);
    await store.sessions.saveSession({ id: 'web:old', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 });
    await store.sessions.saveSession({ id: 'web:new', updatedAt: '2026-01-08T00:00:00.000Z', version: 1 });
    expect(await store.sessions.removeIdleSince(new Date('2026-01-05T00:00:00Z'))).toBe(1);
    await store.close();
    const reopened = await openLowStore(dir);
    expect(reopened.attempts.failuresSince('old', new Date(0))).toBe(0);
    expect(reopened.attempts.failuresSince('recent', new Date(0))).toBe(2);
    expect(reopened.sessions.getSession('web:old')).toBeUndefined();
    expect(reopened.sessions.getSession('web:new')).toBeDefined();
    expect(reopened.sessions.count()).toBe(1);
    await reopened.close();
  });

  it('redeems a household code once, replaces it with a newer one, and refuses it expired', async () => {
    const dir = await tempDir('bangfu-store-');
    dirs.push(dir);
    const store = await openLowStore(dir);
    const now = new Date('2026-01-01T00:00:00Z');
    const code = (codeHash: string, expiresAt = '2026-01-04T00:00:00Z') => ({
      id: 'H1',
      codeHash,
      cadreId: 'C1',
      issuedAt: now.toISOString(),
      expiresAt,
    });
    await store.householdCodes.issue(code('first'));
    await store.householdCodes.issue(code('second'));
    expect(await store.householdCodes.redeem('first', now)).toBeUndefined();
    await store.close();
    const reopened = await openLowStore(dir);
    const [a, b] = await Promise.all([reopened.householdCodes.redeem('second', now), reopened.householdCodes.redeem('second', now)]);
    expect([a?.id, b?.id]).toEqual(['H1', undefined]);
    await reopened.householdCodes.issue(code('third', '2026-01-02T00:00:00Z'));
    expect(await reopened.householdCodes.redeem('third', new Date('2026-01-02T00:00:00Z'))).toBeUndefined();
    await reopened.householdCodes.issue(code('fourth', '2026-01-02T00:00:00Z'));
    expect(await reopened.householdCodes.removeExpired(new Date('2026-01-03T00:00:00Z'))).toBe(1);
    expect(await reopened.householdCodes.redeem('fourth', now)).toBeUndefined();
    await reopened.close();
  });
});
