import { describe, expect, it } from 'vitest';
import type { AdminSession } from '../../../src/model/staff.js';
import { AT, staff } from './fixtures.js';
import type { ContractContext } from './harness.js';

const adminSession = (id: string, staffId: string, lastSeenAt: string): AdminSession => ({
  id,
  staffId,
  csrfToken: `csrf-${id}`,
  createdAt: AT.toISOString(),
  lastSeenAt,
  ip: '127.0.0.1',
});

/** Staff accounts, dashboard sessions (shared by every instance) and the audit log. */
export function staffContract({ fresh }: ContractContext): void {
  describe('staff', () => {
    it('are found by id and case-insensitive username, listed by username, renamed', async () => {
      const { store, reopen } = await fresh();
      await store.staff.put(staff('s1', 'zhang'));
      await store.staff.put(staff('s2', 'Admin', { role: 'admin' }));
      await store.staff.put(staff('s1', 'li'));
      const again = await reopen();
      expect((await again.staff.get('s2'))?.role).toBe('admin');
      expect((await again.staff.byUsername(' ADMIN '))?.id).toBe('s2');
      expect(await again.staff.byUsername('zhang')).toBeUndefined();
      expect((await again.staff.byUsername('li'))?.id).toBe('s1');
      expect((await again.staff.list()).map((u) => u.username)).toEqual(['Admin', 'li']);
      expect(await again.staff.count()).toBe(2);
    });
  });

  describe('dashboard sessions', () => {
    it('are kept, refreshed, ended one by one, per user (keeping one), and when idle', async () => {
      const { store, reopen } = await fresh();
      await store.adminSessions.put(adminSession('a', 's1', '2026-11-27T01:00:00.000Z'));
      await store.adminSessions.put(adminSession('b', 's1', '2026-11-27T01:30:00.000Z'));
      await store.adminSessions.put(adminSession('c', 's1', '2026-11-27T01:50:00.000Z'));
      await store.adminSessions.put(adminSession('d', 's2', '2026-11-26T01:00:00.000Z'));
      await store.adminSessions.put({ ...adminSession('a', 's1', '2026-11-27T01:55:00.000Z') });
      const again = await reopen();
      expect((await again.adminSessions.get('a'))?.lastSeenAt).toBe('2026-11-27T01:55:00.000Z');
      await again.adminSessions.remove('b');
      expect(await again.adminSessions.get('b')).toBeUndefined();
      await again.adminSessions.removeForStaff('s1', 'c');
      expect(await again.adminSessions.get('a')).toBeUndefined();
      expect(await again.adminSessions.get('c')).toBeDefined();
      await again.adminSessions.removeIdleSince(new Date('2026-11-27T00:00:00Z'));
      expect(await again.adminSessions.get('d')).toBeUndefined();
      expect(await again.adminSessions.get('c')).toBeDefined();
      await again.adminSessions.removeForStaff('s1');
      expect(await again.adminSessions.get('c')).toBeUndefined();
    });
  });

  describe('audit log', () => {
    it('is searched newest first (exact user, action prefix, target part) and counted', async () => {
      const { store, reopen } = await fresh();
      const entry = (id: string, minute: number, over: object = {}) => ({
        id,
        at: new Date(AT.getTime() + minute * 60_000).toISOString(),
        staffId: 's1',
        username: 'zhang',
        action: 'complaint.view',
        ip: '127.0.0.1',
        ...over,
      });
      await store.audit.add(entry('e1', 1, { target: 'complaint:c1' }));
      await store.audit.add(entry('e2', 2, { action: 'complaint.transition', target: 'complaint:c2' }));
      await store.audit.add(entry('e3', 3, { username: 'li', action: 'households.import', target: 'import:households' }));
      const again = await reopen();
      const search = async (query: object) => (await again.audit.search(query)).items.map((e) => e.id);
      expect(await search({})).toEqual(['e3', 'e2', 'e1']);
      expect(await search({ username: 'zhang' })).toEqual(['e2', 'e1']);
      expect(await search({ action: 'complaint' })).toEqual(['e2', 'e1']);
      expect(await search({ target: 'c2' })).toEqual(['e2']);
      expect(await again.audit.search({ page: 2, pageSize: 2 })).toEqual({ items: [expect.objectContaining({ id: 'e1' })], total: 3 });
      expect(await again.audit.count({ action: 'households.import', target: 'import:households' })).toBe(1);
      expect(await again.audit.count({})).toBe(3);
    });
  });
}
