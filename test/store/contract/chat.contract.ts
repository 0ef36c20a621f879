import { describe, expect, it } from 'vitest';
import type { Binding } from '../../../src/model/binding.js';
import type { Session } from '../../../src/model/session.js';
import { AT } from './fixtures.js';
import type { ContractContext } from './harness.js';

const session = (id: string, over: Partial<Session> = {}): Session => ({ id, updatedAt: AT.toISOString(), version: 1, ...over });
const form = { formId: 'complaint', step: 2, answers: { description: '路灯坏了' }, shown: {}, tries: 0, history: [0, 1] };
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

/** Sessions, bindings, attempt windows, household codes, inbound marks, feedback and meta. */
export function chatStateContract({ fresh }: ContractContext): void {
  describe('sessions', () => {
    it('keep the newest save, with or without an open form, across reopen', async () => {
      const { store, reopen } = await fresh();
      await store.sessions.saveSession(session('web:u1'));
      await store.sessions.saveSession(session('web:u1', { form, version: 2 }));
      expect((await store.sessions.getSession('web:u1'))?.form?.formId).toBe('complaint');
      await store.sessions.saveSession(session('web:u1', { version: 3 }));
      await store.sessions.saveSession(session('web:u2', { form, version: 1 }));
      const again = await reopen();
      expect(await again.sessions.getSession('web:u1')).toEqual(session('web:u1', { version: 3 }));
      expect((await again.sessions.getSession('web:u2'))?.form).toEqual(form);
      expect(await again.sessions.getSession('web:none')).toBeUndefined();
      expect(await again.sessions.count()).toBe(2);
    });

    it('close idle forms (marking the session) and drop idle sessions', async () => {
      const { store } = await fresh();
      await store.sessions.saveSession(session('web:old-form', { form, updatedAt: minutes(-60).toISOString() }));
      await store.sessions.saveSession(session('web:new-form', { form, updatedAt: minutes(0).toISOString() }));
      await store.sessions.saveSession(session('web:idle', { updatedAt: minutes(-600).toISOString() }));
      expect(await store.sessions.expireForms(minutes(-30))).toBe(1);
      const closed = await store.sessions.getSession('web:old-form');
      expect(closed).toMatchObject({ formExpired: true, version: 2 });
      expect(closed?.form).toBeUndefined();
      expect((await store.sessions.getSession('web:new-form'))?.form).toEqual(form);
      expect(await store.sessions.expireForms(minutes(-30))).toBe(0);
      expect(await store.sessions.removeIdleSince(minutes(-300))).toBe(1);
      expect(await store.sessions.getSession('web:idle')).toBeUndefined();
      expect(await store.sessions.count()).toBe(2);
    });
  });

  describe('bindings', () => {
    it('bind a chat user to one target, rebind, unbind, and list a target', async () => {
      const { store, reopen } = await fresh();
      await store.bindings.bind({ id: 'web:u1', kind: 'household', targetId: 'H1', boundAt: AT.toISOString() });
      await store.bindings.bind({ id: 'web:u2', kind: 'household', targetId: 'H1', boundAt: AT.toISOString() });
      await store.bindings.bind({ id: 'web:u3', kind: 'cadre', targetId: 'C1', boundAt: AT.toISOString() });
      await store.bindings.bind({ id: 'web:u2', kind: 'cadre', targetId: 'C1', boundAt: minutes(1).toISOString() });
      await store.bindings.unbind('web', 'u3');
      await store.bindings.unbind('web', 'never');
      const again = await reopen();
      expect((await again.bindings.get('web', 'u1'))?.targetId).toBe('H1');
      expect(await again.bindings.get('web', 'u3')).toBeUndefined();
      expect((await again.bindings.byTarget('household', 'H1')).map((b) => b.id)).toEqual(['web:u1']);
      expect((await again.bindings.byTarget('cadre', 'C1')).map((b) => b.id)).toEqual(['web:u2']);
    });

    it('keep who verified a household binding, and nobody for one without', async () => {
      const { store, reopen } = await fresh();
      const person: Binding = { id: 'web:p1', kind: 'household', targetId: 'H1', personIdHash: 'scrypt$person', boundAt: AT.toISOString() };
      await store.bindings.bind(person);
      await store.bindings.bind({ id: 'web:p2', kind: 'household', targetId: 'H1', boundAt: AT.toISOString() });
      const again = await reopen();
      expect(await again.bindings.get('web', 'p1')).toEqual(person);
      expect(await again.bindings.get('web', 'p2')).not.toHaveProperty('personIdHash');
    });
  });

  describe('attempts (a sliding window of failures)', () => {
    it('count failures under every key inside a window, oldest first, and drop logs older than 7 days', async () => {
      const { store, reopen } = await fresh();
      await store.attempts.recordFailure(['a', 'b'], minutes(0));
      await store.attempts.recordFailure(['a'], minutes(10));
      await Promise.all([store.attempts.recordFailure(['a'], minutes(20)), store.attempts.recordFailure(['a'], minutes(30))]);
      const again = await reopen();
      expect(await again.attempts.failuresSince('a', minutes(0))).toBe(4);
      expect(await again.attempts.failuresSince('a', minutes(5))).toBe(3);
      expect(await again.attempts.failuresSince('b', minutes(5))).toBe(0);
      expect(await again.attempts.failuresSince('none', minutes(-100))).toBe(0);
      expect((await again.attempts.failureTimes('a', minutes(15))).map((d) => d.toISOString())).toEqual([
        minutes(20).toISOString(),
        minutes(30).toISOString(),
      ]);
      expect(await again.attempts.removeStale(new Date(AT.getTime() + 7 * 24 * 3600_000 + 15 * 60_000))).toBe(1);
      expect(await again.attempts.failuresSince('b', minutes(-100))).toBe(0);
      expect(await again.attempts.failuresSince('a', minutes(-100))).toBe(4);
    });
  });

  describe('household codes', () => {
    it('redeem once, replaced by a newer code of the household, refused when expired, and pruned', async () => {
      const { store } = await fresh();
      const code = (id: string, codeHash: string, expiresAt: string) => ({
        id,
        codeHash,
        cadreId: 'C1',
        issuedAt: AT.toISOString(),
        expiresAt,
      });
      await store.householdCodes.issue(code('H1', 'h-old', '2026-11-30T00:00:00.000Z'));
      await store.householdCodes.issue(code('H1', 'h-new', '2026-11-30T00:00:00.000Z'));
      await store.householdCodes.issue(code('H2', 'h-late', '2026-11-01T00:00:00.000Z'));
      await store.householdCodes.issue(code('H3', 'h-gone', '2026-11-01T00:00:00.000Z'));
      expect(await store.householdCodes.redeem('h-old', AT)).toBeUndefined();
      const twice = await Promise.all([store.householdCodes.redeem('h-new', AT), store.householdCodes.redeem('h-new', AT)]);
      expect(twice.filter(Boolean).map((c) => c?.id)).toEqual(['H1']);
      expect(await store.householdCodes.redeem('h-late', AT)).toBeUndefined();
      expect(await store.householdCodes.removeExpired(AT)).toBe(1);
      expect(await store.householdCodes.redeem('h-gone', new Date('2026-10-01T00:00:00Z'))).toBeUndefined();
    });
  });

  describe('inbound marks', () => {
    it('remember when a user last wrote, refreshed at most every ten minutes', async () => {
      const { store, reopen } = await fresh();
      await store.inbound.noteInbound('wechat-oa', 'o1', minutes(0));
      await store.inbound.noteInbound('wechat-oa', 'o1', minutes(5));
      expect((await store.inbound.lastInbound('wechat-oa', 'o1'))?.toISOString()).toBe(minutes(0).toISOString());
      await store.inbound.noteInbound('wechat-oa', 'o1', minutes(11));
      const again = await reopen();
      expect((await again.inbound.lastInbound('wechat-oa', 'o1'))?.toISOString()).toBe(minutes(11).toISOString());
      expect(await again.inbound.lastInbound('wechat-oa', 'o2')).toBeUndefined();
    });
  });

  describe('feedback and meta', () => {
    it('list feedback newest first by page, and keep named values', async () => {
      const { store, reopen } = await fresh();
      for (const i of [1, 2, 3]) {
        await store.feedback.add({
          id: `f${i}`,
          channel: 'web',
          userId: 'u',
          topic: 't',
          text: `留言${i}`,
          createdAt: minutes(i).toISOString(),
        });
      }
      await store.meta.set('k', 'one');
      await store.meta.set('k', 'two');
      const again = await reopen();
      expect(await again.feedback.search({ pageSize: 2 })).toEqual({
        items: [expect.objectContaining({ id: 'f3' }), expect.objectContaining({ id: 'f2' })],
        total: 3,
      });
      expect((await again.feedback.search({ page: 2, pageSize: 2 })).items.map((f) => f.id)).toEqual(['f1']);
      expect(await again.meta.get('k')).toBe('two');
      expect(await again.meta.get('none')).toBeUndefined();
    });
  });
}
