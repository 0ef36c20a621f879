import { describe, expect, it } from 'vitest';
import { AT } from './fixtures.js';
import type { ContractContext } from './harness.js';

const seconds = (n: number) => new Date(AT.getTime() + n * 1000);

/** Locks, token buckets and leases: what several instances on one store must agree on. */
export function coordinationContract({ fresh }: ContractContext): void {
  describe('coordination', () => {
    it('runs calls under one lock key one at a time, in order, and other keys alongside', async () => {
      const { store } = await fresh();
      const events: string[] = [];
      let otherKeyDone = () => {};
      const otherKey = new Promise<void>((resolve) => {
        otherKeyDone = resolve;
      });
      // `a` holds u1 until u2's call has run (or 5 s, on a store that wrongly made u2 wait for u1): no timing guesses.
      const a = async () => {
        events.push('a:start');
        await Promise.race([otherKey, new Promise((resolve) => setTimeout(resolve, 5000))]);
        events.push('a:end');
        return 'a';
      };
      const b = async () => {
        events.push('b');
        return 'b';
      };
      const c = async () => {
        events.push('c');
        otherKeyDone();
        return 'c';
      };
      const results = await Promise.all([
        store.coordination.withLock('chat:web:u1', a),
        store.coordination.withLock('chat:web:u1', b),
        store.coordination.withLock('chat:web:u2', c),
      ]);
      expect(results).toEqual(['a', 'b', 'c']);
      expect(events.indexOf('a:end')).toBeLessThan(events.indexOf('b'));
      expect(events.indexOf('c')).toBeLessThan(events.indexOf('a:end'));
    });

    it('releases a lock when the call throws, passing the error on', async () => {
      const { store } = await fresh();
      await expect(store.coordination.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await store.coordination.withLock('k', async () => 'next')).toBe('next');
    });

    it('takes tokens: a burst of `limit`, then one per period/limit, per key', async () => {
      const { store } = await fresh();
      const take = (key: string, at: Date) => store.coordination.take(key, 30, 60_000, at);
      for (let i = 0; i < 30; i += 1) expect(await take('u', seconds(0))).toBe(0);
      expect(await take('u', seconds(0))).toBe(2);
      expect(await take('u', seconds(1.999))).toBe(1);
      expect(await take('u', seconds(2))).toBe(0);
      expect(await take('other', seconds(2))).toBe(0);
      const hourly = await Promise.all([1, 2, 3].map(() => store.coordination.take('new:ip', 2, 3600_000, seconds(0))));
      expect(hourly.filter((wait) => wait === 0)).toHaveLength(2);
      expect(Math.max(...hourly)).toBe(1800);
    });

    it('grants a lease to one holder at a time, renews it for that holder, and frees it on expiry or release', async () => {
      const { store } = await fresh();
      const grants = await Promise.all([
        store.coordination.lease('reminders', 'i1', 60_000, seconds(0)),
        store.coordination.lease('reminders', 'i2', 60_000, seconds(0)),
      ]);
      expect(grants.filter(Boolean)).toHaveLength(1);
      const holder = grants[0] ? 'i1' : 'i2';
      const other = grants[0] ? 'i2' : 'i1';
      expect(await store.coordination.lease('reminders', holder, 60_000, seconds(50))).toBe(true);
      expect(await store.coordination.lease('reminders', other, 60_000, seconds(100))).toBe(false);
      expect(await store.coordination.lease('reminders', other, 60_000, seconds(111))).toBe(true);
      await store.coordination.release('reminders', holder);
      expect(await store.coordination.lease('reminders', holder, 60_000, seconds(112))).toBe(false);
      await store.coordination.release('reminders', other);
      expect(await store.coordination.lease('reminders', holder, 60_000, seconds(113))).toBe(true);
      expect(await store.coordination.lease('other-job', other, 60_000, seconds(113))).toBe(true);
    });
  });
}
