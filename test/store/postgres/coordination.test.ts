import { describe, expect, it, vi } from 'vitest';
import { openPgStore } from '../../../src/store/postgres/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();
const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Two instances on one database: two stores, each with its own pools, on the same schema. */
async function twoInstances(): Promise<[Store, Store]> {
  const db = await createTestSchema();
  const open = () => openPgStore({ url: db.url, schema: db.schema, max: 4, lockConnections: 4 });
  const a = await open();
  const b = await open();
  return [a, b];
}

describe.skipIf(!reachable)('PostgreSQL coordination between instances', () => {
  it('runs one conversation at a time across instances, in the order the lock was asked for, other conversations alongside', async () => {
    const [a, b] = await twoInstances();
    try {
      const log: string[] = [];
      let releaseFirst = () => {};
      const first = a.coordination.withLock('web:u1', async () => {
        log.push('a1 start');
        await new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
        log.push('a1 end');
      });
      await vi.waitFor(() => expect(log).toEqual(['a1 start']));
      const second = b.coordination.withLock('web:u1', async () => {
        log.push('b2');
      });
      // Another conversation is not held up while web:u1 is locked.
      await b.coordination.withLock('web:u2', async () => {
        log.push('b other');
      });
      const third = a.coordination.withLock('web:u1', async () => {
        log.push('a3');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(log).toEqual(['a1 start', 'b other']);
      releaseFirst();
      await Promise.all([first, second, third]);
      expect(log).toEqual(['a1 start', 'b other', 'a1 end', 'b2', 'a3']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('releases the lock when the work throws, and rethrows', async () => {
    const [a, b] = await twoInstances();
    try {
      await expect(a.coordination.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      await expect(b.coordination.withLock('k', async () => 'next')).resolves.toBe('next');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('hands each outbox message to one instance, and a crashed claim to another after its lease', async () => {
    const [a, b] = await twoInstances();
    try {
      for (let i = 0; i < 40; i += 1) await a.outbox.enqueue('telegram', `u${i % 5}`, { text: `m${i}` }, at(i));
      const claimedBy = new Map<string, string>();
      const drain = async (store: Store, name: string) => {
        for (;;) {
          const batch = await store.outbox.claim('telegram', at(1000), { limit: 3, leaseMs: 60_000 });
          if (batch.length === 0) return;
          for (const m of batch) {
            expect(claimedBy.get(m.id)).toBeUndefined();
            claimedBy.set(m.id, name);
            await store.outbox.markSent(m.id, at(1000));
          }
        }
      };
      await Promise.all([drain(a, 'a'), drain(b, 'b'), drain(a, 'a'), drain(b, 'b')]);
      expect(claimedBy.size).toBe(40);
      expect(await a.outbox.counts()).toEqual({ pending: 0, sent: 40, unreachable: 0 });

      const lost = await a.outbox.enqueue('telegram', 'u9', { text: 'crash' }, at(2000));
      expect((await a.outbox.claim('telegram', at(2000), { limit: 10, leaseMs: 5_000 })).map((m) => m.id)).toEqual([lost.id]);
      // Instance a dies here without marking it: while the lease runs nobody else gets it, then b does.
      expect(await b.outbox.claim('telegram', at(4000), { limit: 10, leaseMs: 5_000 })).toEqual([]);
      expect((await b.outbox.claim('telegram', at(7001), { limit: 10, leaseMs: 5_000 })).map((m) => m.id)).toEqual([lost.id]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('shares rate-limit buckets: two instances together take no more than the limit', async () => {
    const [a, b] = await twoInstances();
    try {
      const takes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).coordination.take('chat:user:x', 10, 60_000, T0)),
      );
      expect(takes.filter((w) => w === 0)).toHaveLength(10);
      expect(Math.min(...takes.filter((w) => w > 0))).toBe(6);
      // One token comes back every 6 seconds.
      expect(await a.coordination.take('chat:user:x', 10, 60_000, at(6_000))).toBe(0);
      expect(await b.coordination.take('chat:user:x', 10, 60_000, at(6_000))).toBeGreaterThan(0);
      expect(await b.coordination.take('chat:user:other', 10, 60_000, T0)).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('gives a lease to one instance at a time; it passes on when released or expired', async () => {
    const [a, b] = await twoInstances();
    try {
      const won = await Promise.all([
        a.coordination.lease('reminders', 'a', 30_000, T0),
        b.coordination.lease('reminders', 'b', 30_000, T0),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
      const [holder, other] = won[0] ? (['a', 'b'] as const) : (['b', 'a'] as const);
      const stores = { a, b };
      expect(await stores[holder].coordination.lease('reminders', holder, 30_000, at(10_000))).toBe(true);
      expect(await stores[other].coordination.lease('reminders', other, 30_000, at(39_000))).toBe(false);
      expect(await stores[other].coordination.lease('reminders', other, 30_000, at(40_001))).toBe(true);
      await stores[other].coordination.release('reminders', other);
      expect(await stores[holder].coordination.lease('reminders', holder, 30_000, at(40_002))).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('counts failed attempts and keeps dashboard sessions for every instance', async () => {
    const [a, b] = await twoInstances();
    try {
      await a.attempts.recordFailure(['verify:client:1.2.3.4', 'verify:name:abc'], at(0));
      await b.attempts.recordFailure(['verify:client:1.2.3.4'], at(1000));
      expect(await b.attempts.failuresSince('verify:client:1.2.3.4', T0)).toBe(2);
      expect(await a.attempts.failureTimes('verify:client:1.2.3.4', at(500))).toEqual([at(1000)]);
      const session = {
        id: 'h1',
        staffId: 's1',
        csrfToken: 'c',
        createdAt: T0.toISOString(),
        lastSeenAt: T0.toISOString(),
        ip: '10.0.0.1',
      };
      await a.adminSessions.put(session);
      expect(await b.adminSessions.get('h1')).toEqual(session);
      await b.adminSessions.removeForStaff('s1');
      expect(await a.adminSessions.get('h1')).toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
