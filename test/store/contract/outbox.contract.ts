import { describe, expect, it } from 'vitest';
import { AT } from './fixtures.js';
import { type ContractContext, testSeal } from './harness.js';

const seconds = (n: number) => new Date(AT.getTime() + n * 1000);
const texts = (messages: { reply: { text: string } }[]) => messages.map((m) => m.reply.text);

/** The outbox: enqueue, claims that hand each message to one sender, retries, pulls, counts. */
export function outboxContract({ fresh }: ContractContext): void {
  describe('outbox', () => {
    it('hands each pending message to one claim, oldest first, until sent or the claim runs out', async () => {
      const { store } = await fresh();
      for (const i of [1, 2, 3]) await store.outbox.enqueue('telegram', `u${i}`, { text: `m${i}` }, seconds(i));
      await store.outbox.enqueue('web', 'w1', { text: 'other channel' }, seconds(0));
      const [a, b] = await Promise.all([
        store.outbox.claim('telegram', seconds(10), { limit: 2, leaseMs: 60_000 }),
        store.outbox.claim('telegram', seconds(10), { limit: 2, leaseMs: 60_000 }),
      ]);
      const claimed = [...(a ?? []), ...(b ?? [])];
      expect(texts(claimed).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(new Set(claimed.map((m) => m.id)).size).toBe(3);
      // Which claim gets which message depends on how the two interleave; each hands its share out oldest first.
      for (const share of [a ?? [], b ?? []]) expect(texts(share)).toEqual(texts(share).sort());
      expect(await store.outbox.claim('telegram', seconds(20), { limit: 10, leaseMs: 60_000 })).toEqual([]);
      const first = claimed.find((m) => m.reply.text === 'm1');
      await store.outbox.markSent(first?.id ?? '', seconds(21));
      // A crashed sender's claims run out: the rest are handed out again, the sent one never.
      expect(texts(await store.outbox.claim('telegram', seconds(71), { limit: 10, leaseMs: 60_000 }))).toEqual(['m2', 'm3']);
      expect(await store.outbox.counts()).toEqual({ pending: 3, sent: 1, unreachable: 0 });
    });

    it('gives claims back on release, and release leaves sent messages sent', async () => {
      const { store } = await fresh();
      const m1 = await store.outbox.enqueue('telegram', 'u1', { text: 'm1' }, seconds(1));
      const m2 = await store.outbox.enqueue('telegram', 'u2', { text: 'm2' }, seconds(2));
      await store.outbox.claim('telegram', seconds(3), { limit: 10, leaseMs: 60_000 });
      await store.outbox.markSent(m1.id, seconds(4));
      await store.outbox.release([m1.id, m2.id]);
      expect(texts(await store.outbox.claim('telegram', seconds(5), { limit: 10, leaseMs: 60_000 }))).toEqual(['m2']);
      expect((await store.outbox.counts()).sent).toBe(1);
    });

    it('holds a retried message until its time, counts the try, and may claim it for one user at once', async () => {
      const { store, reopen } = await fresh();
      const m = await store.outbox.enqueue('wechat-oa', 'o1', { text: 'notice' }, seconds(0));
      await store.outbox.enqueue('wechat-oa', 'o2', { text: 'someone else' }, seconds(1));
      await store.outbox.claim('wechat-oa', seconds(2), { limit: 10, leaseMs: 60_000 });
      await store.outbox.markRetry(m.id, 'outside the window', seconds(600));
      const again = await reopen();
      expect(await again.outbox.claim('wechat-oa', seconds(3), { limit: 10, leaseMs: 60_000, userId: 'o1' })).toEqual([]);
      const now = await again.outbox.claim('wechat-oa', seconds(3), { limit: 10, leaseMs: 60_000, userId: 'o1', ignoreNotBefore: true });
      expect(now).toEqual([
        expect.objectContaining({ id: m.id, userId: 'o1', attempts: 1, lastError: 'outside the window', status: 'pending' }),
      ]);
      expect(await again.outbox.countPending('wechat-oa')).toBe(2);
      expect(await again.outbox.countPending('wechat-oa', 'outside the window')).toBe(1);
      expect(await again.outbox.countPending('telegram')).toBe(0);
      expect((await again.outbox.pending('wechat-oa', 10)).map((p) => p.userId)).toEqual(['o1', 'o2']);
      await again.outbox.markUnreachable(m.id, 'unfollowed');
      expect(await again.outbox.counts()).toEqual({ pending: 1, sent: 0, unreachable: 1 });
      expect(texts(await again.outbox.claim('wechat-oa', seconds(700), { limit: 10, leaseMs: 1 }))).toEqual(['someone else']);
    });

    it("keeps a chat's messages in order: none is claimed behind an older one held elsewhere or waiting to retry", async () => {
      const { store } = await fresh();
      const a = await store.outbox.enqueue('telegram', 'u1', { text: 'a' }, seconds(1));
      await store.outbox.enqueue('telegram', 'u1', { text: 'b' }, seconds(2));
      await store.outbox.enqueue('telegram', 'u2', { text: 'c' }, seconds(3));
      expect(texts(await store.outbox.claim('telegram', seconds(10), { limit: 1, leaseMs: 60_000 }))).toEqual(['a']);
      // Another sender must not send b before a's holder sends a.
      expect(texts(await store.outbox.claim('telegram', seconds(10), { limit: 10, leaseMs: 60_000 }))).toEqual(['c']);
      await store.outbox.markRetry(a.id, 'timed out', seconds(600));
      expect(await store.outbox.claim('telegram', seconds(20), { limit: 10, leaseMs: 60_000 })).toEqual([]);
      expect(texts(await store.outbox.claim('telegram', seconds(601), { limit: 10, leaseMs: 60_000 }))).toEqual(['a', 'b', 'c']);
    });

    it('hands a pulling (web) user their messages once, oldest first, marked sent', async () => {
      const { store } = await fresh();
      await store.outbox.enqueue('web', 'u1', { text: 'first' }, seconds(1));
      await store.outbox.enqueue('web', 'u1', { text: 'second' }, seconds(2));
      await store.outbox.enqueue('web', 'u2', { text: 'not yours' }, seconds(3));
      const [a, b] = await Promise.all([store.outbox.takeFor('web', 'u1', seconds(4)), store.outbox.takeFor('web', 'u1', seconds(4))]);
      expect([...texts(a ?? []), ...texts(b ?? [])]).toEqual(['first', 'second']);
      expect(await store.outbox.takeFor('web', 'u1', seconds(5))).toEqual([]);
      expect(await store.outbox.counts()).toEqual({ pending: 1, sent: 2, unreachable: 0 });
    });

    it('keeps the order of messages created in the same millisecond, in claims, pulls and lists, across reopen', async () => {
      const { store, reopen } = await fresh();
      const burst = ['已受理', '正在整改', '已办结'];
      for (const text of burst) await store.outbox.enqueue('telegram', 'u1', { text }, seconds(1));
      await store.transaction(async (tx) => {
        for (const text of burst) tx.enqueue({ channel: 'web', userId: 'w1' }, { text }, seconds(1));
      });
      const again = await reopen();
      expect(texts(await again.outbox.pending('telegram', 10))).toEqual(burst);
      expect(texts(await again.outbox.claim('telegram', seconds(2), { limit: 10, leaseMs: 60_000 }))).toEqual(burst);
      expect(texts(await again.outbox.pending('web', 10))).toEqual(burst);
      expect(texts(await again.outbox.takeFor('web', 'w1', seconds(2)))).toEqual(burst);
    });

    it('claims at most `limit`, oldest first; lists and counts pending messages whatever their retry time or claim', async () => {
      const { store } = await fresh();
      for (const i of [1, 2, 3, 4]) await store.outbox.enqueue('telegram', `u${i}`, { text: `m${i}` }, seconds(i));
      expect(texts(await store.outbox.claim('telegram', seconds(10), { limit: 2, leaseMs: 60_000 }))).toEqual(['m1', 'm2']);
      const [m3] = await store.outbox.claim('telegram', seconds(10), { limit: 1, leaseMs: 60_000 });
      expect(m3?.reply.text).toBe('m3');
      await store.outbox.markRetry(m3?.id ?? '', 'busy', seconds(3600));
      // Claimed (m1, m2), waiting to retry (m3) or due (m4): all pending, all listed, oldest first, up to the limit.
      expect(texts(await store.outbox.pending('telegram', 3))).toEqual(['m1', 'm2', 'm3']);
      expect(texts(await store.outbox.pending('telegram', 10))).toEqual(['m1', 'm2', 'm3', 'm4']);
      expect(await store.outbox.pending('web', 10)).toEqual([]);
      expect(await store.outbox.countPending('telegram')).toBe(4);
      expect(await store.outbox.countPending('telegram', 'busy')).toBe(1);
      expect(texts(await store.outbox.claim('telegram', seconds(11), { limit: 10, leaseMs: 60_000 }))).toEqual(['m4']);
    });

    it('claims messages to sealed addresses opened, for the channel or for their user, never one that does not open', async () => {
      const { store } = await fresh();
      await store.transaction(async (tx) => {
        tx.enqueue(testSeal('wechat-oa', 'o1'), { text: 'sealed o1' }, seconds(1));
        tx.enqueue(testSeal('wechat-oa', 'o2'), { text: 'sealed o2' }, seconds(2));
        tx.enqueue({ ...testSeal('wechat-oa', 'o1'), sealed: 'other-key' }, { text: '打不开' }, seconds(3));
      });
      const mine = await store.outbox.claim('wechat-oa', seconds(4), { limit: 10, leaseMs: 60_000, userId: 'o1' });
      expect(mine.map((m) => [m.userId, m.reply.text])).toEqual([['o1', 'sealed o1']]);
      const rest = await store.outbox.claim('wechat-oa', seconds(4), { limit: 10, leaseMs: 60_000 });
      expect(rest.map((m) => [m.userId, m.reply.text])).toEqual([['o2', 'sealed o2']]);
      expect(await store.outbox.claim('wechat-oa', seconds(4000), { limit: 10, leaseMs: 60_000 })).toEqual([
        expect.objectContaining({ userId: 'o1', reply: { text: 'sealed o1' } }),
        expect.objectContaining({ userId: 'o2', reply: { text: 'sealed o2' } }),
      ]);
    });

    it('opens a message to a sealed address for its user; one sealed under another key is never handed out', async () => {
      const { store, reopen } = await fresh();
      await store.transaction(async (tx) => {
        tx.enqueue(testSeal('web', 'secret-user'), { text: '有新进展' }, seconds(1));
        tx.enqueue({ ...testSeal('web', 'secret-user'), sealed: 'other-key' }, { text: '打不开' }, seconds(2));
      });
      const again = await reopen();
      expect(texts(await again.outbox.takeFor('web', 'secret-user', seconds(3)))).toEqual(['有新进展']);
      expect(await again.outbox.counts()).toEqual({ pending: 1, sent: 1, unreachable: 0 });
    });
  });
}
