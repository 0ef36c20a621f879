import { describe, expect, it } from 'vitest';
import { application, cadre, complaint, household, ids, TODAY, visit } from './fixtures.js';
import type { ContractContext } from './harness.js';

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T02:00:00.000Z`;

/** Complaints and applications (lookups, filters, pages, figures) and visits (lookups, coverage). */
export function ledgerContract({ fresh }: ContractContext): void {
  describe('complaints', () => {
    it('are found by id, tracking code, reporter, reply tag and household, across reopen', async () => {
      const { store, reopen } = await fresh();
      await store.complaints.put(
        complaint('c1', { trackingCode: 'AAAA2222', householdId: 'H1', replyTo: { channel: 'web', tag: 't1', sealed: 's' } }),
      );
      await store.complaints.put(complaint('c2', { trackingCode: 'BBBB2222', reporter: { channel: 'web', userId: 'u1' } }));
      await store.complaints.put(
        complaint('c1', { trackingCode: 'AAAA2222', status: 'accepted', replyTo: { channel: 'web', tag: 't2', sealed: 's' } }),
      );
      const again = await reopen();
      expect((await again.complaints.get('c1'))?.status).toBe('accepted');
      expect((await again.complaints.byTrackingCode('BBBB2222'))?.id).toBe('c2');
      expect(await again.complaints.byTrackingCode('ZZZZ2222')).toBeUndefined();
      expect(ids(await again.complaints.byReporterAddress('web', 'u1'))).toEqual(['c2']);
      expect(await again.complaints.byReplyTag('t1')).toEqual([]);
      expect(ids(await again.complaints.byReplyTag('t2'))).toEqual(['c1']);
      // The replacement no longer names the household.
      expect(await again.complaints.byHousehold('H1')).toEqual([]);
    });

    it('are filtered, paged newest first and summed up; reviewers see only what is theirs', async () => {
      const { store } = await fresh();
      await store.complaints.put(complaint('c1', { status: 'accepted', deadline: '2026-11-20', assignee: '县教育局', createdAt: day(1) }));
      await store.complaints.put(
        complaint('c2', { status: 'closed', deadline: '2026-11-01', township: '东坡乡', village: '红星村', createdAt: day(2) }),
      );
      await store.complaints.put(
        complaint('c3', { category: '干部作风问题', sensitive: true, trackingCode: 'SENS2345', createdAt: day(3) }),
      );
      await store.complaints.put(
        complaint('c4', { status: 'rectifying', deadline: '2026-12-20', assignee: '县民政局', createdAt: day(4) }),
      );
      await store.complaints.put(complaint('c5', { anonymous: true, householdId: 'H1', createdAt: day(5) }));
      const find = async (filter: object) => (await store.complaints.list(filter)).map((c) => c.id);
      expect(await find({})).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
      expect(await find({ status: 'accepted' })).toEqual(['c1']);
      expect(await find({ category: '干部作风问题' })).toEqual(['c3']);
      expect(await find({ township: '东坡乡' })).toEqual(['c2']);
      expect(await find({ q: 'sens2345' })).toEqual(['c3']);
      expect(await find({ q: '红星' })).toEqual(['c2']);
      expect(await find({ overdue: true, today: TODAY })).toEqual(['c1']);
      expect(await find({ overdue: false, today: TODAY })).toEqual(['c5', 'c4', 'c3', 'c2']);
      expect(await find({ sensitive: false })).toEqual(['c5', 'c4', 'c2', 'c1']);
      expect(await find({ viewer: { role: 'reviewer', unit: '县教育局' } })).toEqual(['c5', 'c2', 'c1']);
      expect(await find({ viewer: { role: 'viewer', unit: '县教育局' } })).toEqual([]);
      expect(await find({ viewer: { role: 'supervisor', unit: '' } })).toHaveLength(5);
      expect(await find({ legacy: true })).toEqual(['c5']);
      expect(await store.complaints.search({ page: 2, pageSize: 2 })).toEqual({
        items: [expect.objectContaining({ id: 'c3' }), expect.objectContaining({ id: 'c2' })],
        total: 5,
      });
      const summary = await store.complaints.summary({ today: TODAY, sensitive: false });
      expect(summary).toMatchObject({ total: 4, overdue: 1, byTownship: { 青山乡: 3, 东坡乡: 1 } });
      expect(summary.byStatus).toEqual({ registered: 1, accepted: 1, rectifying: 1, verifying: 0, closed: 1, rejected: 0 });
      expect(summary.byCategory.其他).toBe(4);
      expect(summary.byCategory.干部作风问题).toBe(0);
      expect((await store.complaints.summary({})).overdue).toBe(0);
    });
    it('count every match of a filtered page, and sum up by township only what a viewer may see', async () => {
      const { store } = await fresh();
      await store.complaints.put(complaint('c1', { assignee: '县教育局', createdAt: day(1) }));
      await store.complaints.put(complaint('c2', { assignee: '县民政局', township: '东坡乡', createdAt: day(2) }));
      await store.complaints.put(complaint('c3', { township: '东坡乡', createdAt: day(3) }));
      await store.complaints.put(complaint('c4', { township: '西岭乡', sensitive: true, createdAt: day(4) }));
      await store.complaints.put(complaint('c5', { status: 'closed', createdAt: day(5) }));
      expect(await store.complaints.search({ status: 'registered', page: 2, pageSize: 3 })).toEqual({
        items: [expect.objectContaining({ id: 'c1' })],
        total: 4,
      });
      expect(await store.complaints.search({ township: '北山乡' })).toEqual({ items: [], total: 0 });
      const reviewer = await store.complaints.summary({ viewer: { role: 'reviewer', unit: '县教育局' } });
      expect(reviewer).toMatchObject({ total: 3, byTownship: { 青山乡: 2, 东坡乡: 1 } });
      expect(Object.keys(reviewer.byTownship).sort()).toEqual(['东坡乡', '青山乡']);
      const township = await store.complaints.summary({ township: '东坡乡', today: TODAY });
      expect(township).toMatchObject({ total: 2, overdue: 0, byTownship: { 东坡乡: 2 } });
      expect(township.byStatus.registered).toBe(2);
      expect((await store.complaints.summary({ status: 'closed' })).byTownship).toEqual({ 青山乡: 1 });
    });
  });

  describe('applications', () => {
    it('are found, filtered by status, township, code or village and overdue, and summed up', async () => {
      const { store, reopen } = await fresh();
      await store.applications.put(
        application('a1', {
          householdId: 'H1',
          reporter: { channel: 'web', userId: 'u1' },
          checkDeadline: '2026-11-20',
          createdAt: day(1),
        }),
      );
      await store.applications.put(
        application('a2', { status: 'reviewing', decisionDeadline: '2026-12-30', township: '东坡乡', createdAt: day(2) }),
      );
      await store.applications.put(
        application('a3', { status: 'monitored', event: '自然灾害', checkDeadline: '2026-01-01', createdAt: day(3) }),
      );
      const again = await reopen();
      expect((await again.applications.byTrackingCode('A00000A2'))?.id).toBe('a2');
      expect(ids(await again.applications.byReporterAddress('web', 'u1'))).toEqual(['a1']);
      expect(ids(await again.applications.byHousehold('H1'))).toEqual(['a1']);
      const find = async (filter: object) => (await again.applications.list(filter)).map((a) => a.id);
      expect(await find({})).toEqual(['a3', 'a2', 'a1']);
      expect(await find({ status: 'reviewing' })).toEqual(['a2']);
      expect(await find({ township: '东坡乡' })).toEqual(['a2']);
      expect(await find({ q: 'a00000a1' })).toEqual(['a1']);
      expect(await find({ overdue: true, today: TODAY })).toEqual(['a1']);
      expect(await again.applications.search({ page: 2, pageSize: 2 })).toEqual({
        items: [expect.objectContaining({ id: 'a1' })],
        total: 3,
      });
      expect(await again.applications.search({ status: 'submitted', pageSize: 1 })).toEqual({
        items: [expect.objectContaining({ id: 'a1' })],
        total: 1,
      });
      expect((await again.applications.summary({ township: '东坡乡' })).byStatus).toMatchObject({ reviewing: 1, submitted: 0 });
      expect(await again.applications.byReplyTag('any')).toEqual([]);
      const summary = await again.applications.summary({ today: TODAY });
      expect(summary).toMatchObject({ total: 3, overdue: 1 });
      expect(summary.byStatus).toMatchObject({ submitted: 1, reviewing: 1, monitored: 1, checking: 0 });
      expect(summary.byEvent).toMatchObject({ 生病住院: 2, 自然灾害: 1, 其他: 0 });
    });
  });

  describe('visits', () => {
    it("know each household's latest visit, filter, page and count by date", async () => {
      const { store, reopen } = await fresh();
      await store.visits.put(visit('V1', 'H1', '2026-11-01'));
      await store.visits.put(visit('V2', 'H1', '2026-11-20', { cadreId: 'C2' }, ['housing']));
      await store.visits.put(visit('V3', 'H2', '2026-11-20', { village: '枫树村' }));
      await store.visits.put(visit('V4', 'H1', '2026-10-01'));
      const again = await reopen();
      expect((await again.visits.get('V3'))?.village).toBe('枫树村');
      expect((await again.visits.lastFor('H1'))?.id).toBe('V2');
      expect(await again.visits.lastFor('H9')).toBeUndefined();
      expect(await again.visits.lastDates(['H1', 'H2', 'H9'])).toEqual({ H1: '2026-11-20', H2: '2026-11-20' });
      const find = async (filter: object) => (await again.visits.list(filter)).map((v) => v.id);
      expect(await find({ householdId: 'H1' })).toEqual(['V2', 'V1', 'V4']);
      expect(await find({ cadreId: 'C2' })).toEqual(['V2']);
      expect(await find({ village: '枫树村' })).toEqual(['V3']);
      expect(await find({ from: '2026-11-01', to: '2026-11-19' })).toEqual(['V1']);
      expect(await find({ hasProblems: true })).toEqual(['V2']);
      expect(ids(await again.visits.list({ hasProblems: false }))).toEqual(['V1', 'V3', 'V4']);
      expect((await again.visits.search({ householdId: 'H1', page: 2, pageSize: 2 })).items.map((v) => v.id)).toEqual(['V4']);
      expect(await again.visits.countByDate('2026-11-01')).toEqual({ '2026-11-01': 1, '2026-11-20': 2 });
    });

    it('break ties on the same visit date by creation, newest first', async () => {
      const { store } = await fresh();
      await store.visits.put(visit('V1', 'H1', '2026-11-20', { createdAt: '2026-11-20T09:00:00.000Z' }));
      await store.visits.put(visit('V2', 'H1', '2026-11-20', { createdAt: '2026-11-20T03:00:00.000Z' }));
      await store.visits.put(visit('V3', 'H1', '2026-11-19', { createdAt: '2026-11-21T03:00:00.000Z' }));
      expect((await store.visits.lastFor('H1'))?.id).toBe('V1');
      expect((await store.visits.search({ householdId: 'H1' })).items.map((v) => v.id)).toEqual(['V1', 'V2', 'V3']);
      expect(await store.visits.search({ householdId: 'H1', pageSize: 1 })).toEqual({
        items: [expect.objectContaining({ id: 'V1' })],
        total: 3,
      });
    });

    it('give coverage since a date per place and per active cadre, naming the households not visited', async () => {
      const { store } = await fresh();
      await store.households.upsert(household('H1'), household('H2'), household('H3', { township: '东坡乡', village: '红星村' }));
      await store.cadres.put(cadre('C1', { name: '陈', villages: ['石桥村'], householdIds: ['H3'] }));
      await store.cadres.put(cadre('C2', { name: '王', villages: ['红星村'], status: 'revoked' }));
      await store.visits.put(visit('V1', 'H1', '2026-11-20'));
      await store.visits.put(visit('V2', 'H3', '2026-09-01'));
      const { byPlace, byCadre } = await store.visits.coverage('2026-11-01');
      expect(byPlace.sort((a, b) => a.village.localeCompare(b.village))).toEqual(
        [
          { township: '青山乡', village: '石桥村', assigned: 2, visited: 1, overdue: ['H2'] },
          { township: '东坡乡', village: '红星村', assigned: 1, visited: 0, overdue: ['H3'] },
        ].sort((a, b) => a.village.localeCompare(b.village)),
      );
      expect(byCadre).toEqual([{ cadreId: 'C1', name: '陈', assigned: 3, visited: 1, overdue: ['H2', 'H3'] }]);
    });
  });
}
