import { describe, expect, it } from 'vitest';
import { aid, cadre, hash, household, ids, member, visit } from './fixtures.js';
import type { ContractContext } from './harness.js';

/** Households, members, aid and cadres: lookups, filters, pages, counts, totals. */
export function registryContract({ fresh }: ContractContext): void {
  describe('households', () => {
    it('store, replace and look up by id, ID-number hash and verification hash, across reopen', async () => {
      const { store, reopen } = await fresh();
      await store.households.upsert(
        household('H1'),
        household('H2', { verifyHash: hash('shared') }),
        household('H3', { verifyHash: hash('shared') }),
      );
      await store.households.upsert(household('H1', { verifyHash: hash('new'), headName: '改名' }));
      const again = await reopen();
      expect((await again.households.get('H1'))?.headName).toBe('改名');
      expect(await again.households.get('H9')).toBeUndefined();
      expect(ids(await again.households.getMany(['H1', 'H3', 'H9', 'H1']))).toEqual(['H1', 'H3']);
      expect((await again.households.byIdHash(hash('id-H2')))?.id).toBe('H2');
      expect(ids(await again.households.byIdHashes([hash('id-H1'), hash('id-H3'), hash('id-none')]))).toEqual(['H1', 'H3']);
      expect(ids(await again.households.byVerifyHash(hash('shared')))).toEqual(['H2', 'H3']);
      expect(await again.households.byVerifyHash(hash('v-H1'))).toEqual([]);
      expect(ids(await again.households.byVerifyHash(hash('new')))).toEqual(['H1']);
    });

    it('filter by text, place, status, card, ids and cadre; page by id; count', async () => {
      const { store } = await fresh();
      await store.households.upsert(
        household('H1', { headName: '张大山', status: '监测对象', card: '红卡' }),
        household('H2', { village: '枫树村' }),
        household('H3', { township: '东坡乡', village: '红星村', card: '红卡' }),
        household('H4', { township: '东坡乡', village: '石桥村' }),
      );
      await store.cadres.put(cadre('C1', { villages: ['石桥村'], householdIds: ['H2'] }));
      const found = async (filter: object) => (await store.households.find(filter)).map((h) => h.id);
      expect(await found({})).toEqual(['H1', 'H2', 'H3', 'H4']);
      expect(await found({ q: '大山' })).toEqual(['H1']);
      expect(await found({ q: 'H3' })).toEqual(['H3']);
      expect(await found({ q: '枫树' })).toEqual(['H2']);
      expect(await found({ q: '%' })).toEqual([]);
      expect(await found({ township: '东坡乡' })).toEqual(['H3', 'H4']);
      expect(await found({ village: '石桥村' })).toEqual(['H1', 'H4']);
      expect(await found({ township: '东坡乡', village: '石桥村' })).toEqual(['H4']);
      expect(await found({ status: '监测对象' })).toEqual(['H1']);
      expect(await found({ card: '红卡' })).toEqual(['H1', 'H3']);
      expect(await found({ ids: ['H4', 'H2', 'H9'] })).toEqual(['H2', 'H4']);
      // A cadre's households: its villages (in any township) and those assigned one by one.
      expect(await found({ cadreId: 'C1' })).toEqual(['H1', 'H2', 'H4']);
      expect(await found({ cadreId: 'C1', township: '青山乡' })).toEqual(['H1', 'H2']);
      expect(await found({ cadreId: 'C1', ids: ['H2', 'H3'] })).toEqual(['H2']);
      expect(await found({ cadreId: 'none' })).toEqual([]);
      const page = await store.households.search({ township: '东坡乡', page: 1, pageSize: 1 });
      expect(page).toEqual({ items: [expect.objectContaining({ id: 'H3' })], total: 2 });
      expect((await store.households.search({ page: 2, pageSize: 3 })).items.map((h) => h.id)).toEqual(['H4']);
      expect((await store.households.search({})).items).toHaveLength(4);
      expect(await store.households.count()).toBe(4);
      expect(await store.households.count({ card: '红卡' })).toBe(2);
      expect(await store.households.count({ cadreId: 'C1' })).toBe(3);
    });

    it('find the households not visited since a date', async () => {
      const { store } = await fresh();
      await store.households.upsert(household('H1'), household('H2'), household('H3'));
      await store.visits.put(visit('V1', 'H1', '2026-11-20'));
      await store.visits.put(visit('V2', 'H2', '2026-09-01'));
      expect(ids(await store.households.find({ notVisitedSince: '2026-11-01' }))).toEqual(['H2', 'H3']);
      expect(await store.households.count({ notVisitedSince: '2026-11-20' })).toBe(2);
      expect(await store.households.count({ notVisitedSince: '2026-11-21' })).toBe(3);
    });

    it('follow a move to another village in every filter and total', async () => {
      const { store } = await fresh();
      await store.households.upsert(household('H1'), household('H2'));
      await store.households.upsert(household('H2', { township: '东坡乡', village: '红星村', size: 5, card: '蓝卡' }));
      expect(ids(await store.households.find({ village: '石桥村' }))).toEqual(['H1']);
      expect((await store.households.places()).sort((a, b) => a.village.localeCompare(b.village))).toEqual(
        [
          { township: '青山乡', village: '石桥村', households: 1 },
          { township: '东坡乡', village: '红星村', households: 1 },
        ].sort((a, b) => a.village.localeCompare(b.village)),
      );
      expect(await store.households.stats()).toEqual({
        households: 2,
        people: 8,
        byCard: { 红卡: 0, 蓝卡: 1, 黄卡: 0, 未分卡: 1 },
        byStatus: { 未脱贫: 0, 已脱贫: 2, 监测对象: 0 },
      });
    });
  });

  describe('members', () => {
    it('are found by household and verification hash, and replaced by id', async () => {
      const { store, reopen } = await fresh();
      await store.members.upsert(
        member('M1', 'H1'),
        member('M2', 'H1', { verifyHash: hash('same') }),
        member('M3', 'H2', { verifyHash: hash('same') }),
      );
      await store.members.upsert(member('M1', 'H1', { name: '新名' }));
      const again = await reopen();
      expect(ids(await again.members.byHousehold('H1'))).toEqual(['M1', 'M2']);
      expect((await again.members.byHousehold('H1')).find((m) => m.id === 'M1')?.name).toBe('新名');
      expect(ids(await again.members.byHouseholds(['H1', 'H2', 'H9']))).toEqual(['M1', 'M2', 'M3']);
      expect(ids(await again.members.byVerifyHash(hash('same')))).toEqual(['M2', 'M3']);
      expect(await again.members.byHousehold('H9')).toEqual([]);
    });

    it('are removed by id everywhere they are found, across reopen', async () => {
      const { store, reopen } = await fresh();
      await store.members.upsert(member('M1', 'H1'), member('M2', 'H1', { verifyHash: hash('gone') }), member('M3', 'H2'));
      await store.members.remove('M2', 'M9');
      await store.members.remove();
      const again = await reopen();
      expect(ids(await again.members.byHousehold('H1'))).toEqual(['M1']);
      expect(ids(await again.members.byHouseholds(['H1', 'H2']))).toEqual(['M1', 'M3']);
      expect(await again.members.byVerifyHash(hash('gone'))).toEqual([]);
    });
  });

  describe('aid', () => {
    it('is listed newest first, skips a payment stored twice (household, name, date, amount) and sums up', async () => {
      const { store, reopen } = await fresh();
      expect(
        await store.aid.add(
          aid('a1', 'H1', '2026-01-05', 50000),
          aid('a2', 'H1', '2026-03-05', 30000),
          aid('a1b', 'H1', '2026-01-05', 50000),
        ),
      ).toBe(2);
      expect(await store.aid.add(aid('a3', 'H1', '2026-01-05', 50000), aid('a4', 'H2', '2026-03-20', 1000, { category: '健康' }))).toBe(1);
      const again = await reopen();
      expect((await again.aid.byHousehold('H1')).map((r) => r.date)).toEqual(['2026-03-05', '2026-01-05']);
      expect(ids(await again.aid.byHouseholds(['H1', 'H2']))).toEqual(['a1', 'a2', 'a4']);
      const summary = await again.aid.summary(['2026-02', '2026-03']);
      expect(summary.totalFen).toBe(81000);
      expect(summary.byMonth).toEqual([
        { month: '2026-02', amountFen: 0, count: 0 },
        { month: '2026-03', amountFen: 31000, count: 2 },
      ]);
      expect(summary.byCategory.find((c) => c.category === '产业')).toEqual({ category: '产业', amountFen: 80000, count: 2 });
      expect(summary.byCategory.find((c) => c.category === '健康')).toEqual({ category: '健康', amountFen: 1000, count: 1 });
      expect(summary.byCategory).toHaveLength(8);
    });

    it('counts concurrent adds of the same payment once', async () => {
      const { store } = await fresh();
      const added = await Promise.all([1, 2, 3].map((i) => store.aid.add(aid(`p${i}`, 'H1', '2026-05-01', 700))));
      expect(added.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await store.aid.byHousehold('H1')).toHaveLength(1);
    });
  });

  describe('cadres', () => {
    it('are searched newest first, listed by status, and found for a household', async () => {
      const { store } = await fresh();
      await store.cadres.put(cadre('C1', { name: '陈干部', villages: ['石桥村'], createdAt: '2026-01-01T00:00:00.000Z' }));
      await store.cadres.put(cadre('C2', { org: '县教育局', householdIds: ['H2'], createdAt: '2026-02-01T00:00:00.000Z' }));
      await store.cadres.put(cadre('C3', { villages: ['石桥村'], status: 'revoked', createdAt: '2026-03-01T00:00:00.000Z' }));
      expect((await store.cadres.search({})).items.map((c) => c.id)).toEqual(['C3', 'C2', 'C1']);
      expect((await store.cadres.search({ q: '陈' })).items.map((c) => c.id)).toEqual(['C1']);
      expect((await store.cadres.search({ q: '教育' })).items.map((c) => c.id)).toEqual(['C2']);
      expect((await store.cadres.search({ q: 'C3' })).items.map((c) => c.id)).toEqual(['C3']);
      expect((await store.cadres.search({ village: '石桥村', status: 'active' })).total).toBe(1);
      expect(await store.cadres.search({ page: 2, pageSize: 2 })).toEqual({ items: [expect.objectContaining({ id: 'C1' })], total: 3 });
      expect(ids(await store.cadres.list())).toEqual(['C1', 'C2', 'C3']);
      expect(ids(await store.cadres.list({ status: 'revoked' }))).toEqual(['C3']);
      expect(ids(await store.cadres.forHousehold({ id: 'H1', village: '石桥村' }))).toEqual(['C1']);
      expect(ids(await store.cadres.forHousehold({ id: 'H2', village: '枫树村' }))).toEqual(['C2']);
    });

    it('redeem an enrolment code once, only while unexpired and active', async () => {
      const { store } = await fresh();
      const later = '2026-12-01T00:00:00.000Z';
      await store.cadres.put(cadre('C1', { codeHash: 'code-1', codeExpiresAt: later }));
      await store.cadres.put(cadre('C2', { codeHash: 'code-2', codeExpiresAt: '2026-11-01T00:00:00.000Z' }));
      await store.cadres.put(cadre('C3', { codeHash: 'code-3', codeExpiresAt: later, status: 'revoked' }));
      const both = await Promise.all([
        store.cadres.redeemCode('code-1', new Date('2026-11-27T00:00:00Z')),
        store.cadres.redeemCode('code-1', new Date('2026-11-27T00:00:00Z')),
      ]);
      expect(both.filter(Boolean).map((c) => c?.id)).toEqual(['C1']);
      const redeemed = await store.cadres.get('C1');
      expect(redeemed?.codeHash).toBeUndefined();
      expect(redeemed?.codeExpiresAt).toBeUndefined();
      expect(await store.cadres.redeemCode('code-2', new Date('2026-11-27T00:00:00Z'))).toBeUndefined();
      expect(await store.cadres.redeemCode('code-3', new Date('2026-11-27T00:00:00Z'))).toBeUndefined();
      expect(await store.cadres.redeemCode('nothing', new Date('2026-11-27T00:00:00Z'))).toBeUndefined();
      // A new code replaces the old one.
      await store.cadres.put(cadre('C2', { codeHash: 'code-2b', codeExpiresAt: later }));
      expect(await store.cadres.redeemCode('code-2', new Date('2026-11-27T00:00:00Z'))).toBeUndefined();
      expect((await store.cadres.redeemCode('code-2b', new Date('2026-11-27T00:00:00Z')))?.id).toBe('C2');
    });
  });
}
