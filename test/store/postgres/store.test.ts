import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint } from '../../../src/model/complaint.js';
import type { Household } from '../../../src/model/household.js';
import type { Visit } from '../../../src/model/visit.js';
import { openPgStore } from '../../../src/store/postgres/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();
const hash = (n: number) => `s1:${n.toString(16).padStart(64, '0')}`;
const NOW = '2026-03-02T08:00:00.000Z';

const household = (n: number, village: string, extra: Partial<Household> = {}): Household => ({
  id: `H${String(n).padStart(4, '0')}`,
  headName: `张${n}`,
  idMasked: '3601**************',
  idHash: hash(n),
  verifyHash: hash(100_000 + n),
  county: '井冈山市',
  township: '茅坪乡',
  village,
  size: 3,
  attribute: '一般贫困户',
  causes: ['因病'],
  status: '已脱贫',
  updatedAt: NOW,
  ...extra,
});

const visit = (id: string, householdId: string, date: string, complaintIds: string[] = []): Visit => ({
  id,
  cadreId: 'C1',
  householdId,
  village: '坝上村',
  date,
  checklist: Object.fromEntries(
    ['food', 'clothing', 'education', 'medical', 'housing', 'water'].map((k) => [k, { ok: true }]),
  ) as Visit['checklist'],
  measures: '了解情况',
  nextVisit: '2026-04-01',
  attachments: [{ kind: 'location', lat: 26.5, lng: 114.1 }],
  complaintIds,
  createdAt: `${date}T02:00:00.000Z`,
});

const complaint = (n: number, extra: Partial<Complaint> = {}): Complaint => ({
  id: `c${n}`,
  trackingCode: `TS${n}`,
  category: '政策没有落实',
  township: '茅坪乡',
  village: '坝上村',
  description: '补贴没到',
  anonymous: true,
  sensitive: false,
  status: 'registered',
  reopenCount: 0,
  history: [{ at: NOW, by: 'chat', from: null, to: 'registered', note: '' }],
  createdAt: `2026-03-0${n}T08:00:00.000Z`,
  updatedAt: NOW,
  ...extra,
});

describe.skipIf(!reachable)('PostgreSQL store', () => {
  let store: Store;
  beforeAll(async () => {
    const db = await createTestSchema();
    store = await openPgStore({ url: db.url, schema: db.schema, max: 4, lockConnections: 2 });
  });
  afterAll(() => store?.close());

  it('keeps households exactly as given (absent optional fields stay absent) and finds them by every key', async () => {
    const full = household(1, '坝上村', { phone: '13800000000', group: '3组', card: '红卡', exitYear: 2018, monitorSince: '2025-06-01' });
    await store.households.upsert(full, household(2, '坝上村'), household(3, '大井村', { township: '葛田乡' }));
    expect(await store.households.get('H0001')).toEqual(full);
    expect(await store.households.get('H0002')).toEqual(household(2, '坝上村'));
    expect(await store.households.byIdHash(hash(2))).toEqual(household(2, '坝上村'));
    expect((await store.households.byVerifyHash(hash(100_003))).map((h) => h.id)).toEqual(['H0003']);
    expect((await store.households.search({ q: '张2' })).items.map((h) => h.id)).toEqual(['H0002']);
    expect(await store.households.count({ township: '茅坪乡' })).toBe(2);
    const places = await store.households.places();
    expect(places.sort((a, b) => a.village.localeCompare(b.village))).toEqual([
      { township: '茅坪乡', village: '坝上村', households: 2 },
      { township: '葛田乡', village: '大井村', households: 1 },
    ]);
    expect((await store.households.stats()).byCard).toEqual({ 红卡: 1, 蓝卡: 0, 黄卡: 0, 未分卡: 2 });
  });

  it('refuses a full ID number in the masked column or an unhashed ID', async () => {
    await expect(store.households.upsert(household(9, '坝上村', { idMasked: '360102199001011234' }))).rejects.toThrow(/check constraint/);
    await expect(store.households.upsert(household(9, '坝上村', { idHash: '360102199001011234' }))).rejects.toThrow(/check constraint/);
  });

  it('selects a cadre’s households and those not visited since a day', async () => {
    await store.cadres.put({
      id: 'C1',
      name: '李干部',
      phone: '13900000000',
      villages: ['大井村'],
      householdIds: ['H0001'],
      status: 'active',
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect((await store.households.find({ cadreId: 'C1' })).map((h) => h.id)).toEqual(['H0001', 'H0003']);
    await store.visits.put(visit('v1', 'H0001', '2026-02-20'));
    const v2 = visit('v2', 'H0001', '2026-01-10', ['c1']);
    // A problem is a checklist item 不达标 (a linked complaint alone is not one).
    await store.visits.put({ ...v2, checklist: { ...v2.checklist, housing: { ok: false, reason: '危房' } } });
    await store.visits.put(visit('v3', 'H0002', '2026-01-11', ['c2']));
    expect((await store.households.find({ cadreId: 'C1', notVisitedSince: '2026-02-01' })).map((h) => h.id)).toEqual(['H0003']);
    expect((await store.visits.lastFor('H0001'))?.id).toBe('v1');
    expect(await store.visits.lastDates(['H0001', 'H0003'])).toEqual({ H0001: '2026-02-20' });
    expect((await store.visits.search({ hasProblems: true })).items.map((v) => v.id)).toEqual(['v2']);
    expect(await store.visits.get('v1')).toEqual(visit('v1', 'H0001', '2026-02-20'));
    const coverage = await store.visits.coverage('2026-02-01');
    expect(coverage.byCadre).toEqual([{ cadreId: 'C1', name: '李干部', assigned: 2, visited: 1, overdue: ['H0003'] }]);
    expect((await store.cadres.forHousehold({ id: 'H0003', village: '大井村' })).map((c) => c.id)).toEqual(['C1']);
  });

  it('filters and sums the complaint ledger in SQL, as the dashboard asks', async () => {
    const sealed = { channel: 'web', tag: 'tag-1', sealed: 'v1.abc' };
    await store.complaints.put(complaint(1, { replyTo: sealed, deadline: '2026-03-05', status: 'accepted' }));
    await store.complaints.put(complaint(2, { sensitive: true, category: '干部作风问题', assignee: '乡纪委' }));
    await store.complaints.put(complaint(3, { status: 'closed', deadline: '2026-03-01' }));
    expect((await store.complaints.byReplyTag('tag-1')).map((c) => c.id)).toEqual(['c1']);
    expect(await store.complaints.byTrackingCode('TS1')).toEqual(
      complaint(1, { replyTo: sealed, deadline: '2026-03-05', status: 'accepted' }),
    );
    const reviewer = { role: 'reviewer' as const, unit: '乡纪委' };
    expect((await store.complaints.search({ viewer: reviewer })).items.map((c) => c.id)).toEqual(['c3', 'c1']);
    expect((await store.complaints.list({ overdue: true, today: '2026-03-10' })).map((c) => c.id)).toEqual(['c1']);
    expect((await store.complaints.search({ q: 'ts2' })).total).toBe(1);
    const summary = await store.complaints.summary({ today: '2026-03-10' });
    expect(summary).toMatchObject({ total: 3, overdue: 1, byStatus: { registered: 1, accepted: 1, closed: 1 } });
    expect(summary.byCategory.干部作风问题).toBe(1);
  });

  it('writes a transaction whole or not at all, reading its own writes', async () => {
    await store.transaction(async (tx) => {
      const h = await tx.get('households', 'H0002');
      if (!h) throw new Error('missing');
      tx.put('households', { ...h, status: '监测对象', monitorType: '突发严重困难户' });
      expect((await tx.get('households', 'H0002'))?.status).toBe('监测对象');
      tx.setMeta('reminders:last', '2026-03-02');
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已纳入监测' }, new Date(NOW));
    });
    expect((await store.households.get('H0002'))?.monitorType).toBe('突发严重困难户');
    expect(await store.meta.get('reminders:last')).toBe('2026-03-02');
    expect((await store.outbox.takeFor('web', 'u1', new Date(NOW))).map((m) => m.reply.text)).toEqual(['已纳入监测']);
    await expect(
      store.transaction(async (tx) => {
        tx.setMeta('reminders:last', 'never');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.meta.get('reminders:last')).toBe('2026-03-02');
  });

  it('keeps chat state: sessions with their forms until they expire, bindings, codes used once', async () => {
    const form = { formId: 'feedback', step: 1, answers: { topic: '其他' }, shown: {}, tries: 0, history: [0] };
    await store.sessions.saveSession({ id: 'web:u1', form, updatedAt: NOW, version: 3 });
    expect(await store.sessions.getSession('web:u1')).toEqual({ id: 'web:u1', form, updatedAt: NOW, version: 3 });
    expect(await store.sessions.expireForms(new Date('2026-03-02T09:00:00.000Z'))).toBe(1);
    expect(await store.sessions.getSession('web:u1')).toEqual({ id: 'web:u1', formExpired: true, updatedAt: NOW, version: 4 });
    await store.bindings.bind({ id: 'web:u1', kind: 'household', targetId: 'H0001', boundAt: NOW });
    expect((await store.bindings.byTarget('household', 'H0001')).map((b) => b.id)).toEqual(['web:u1']);
    const code = { id: 'H0001', codeHash: 'k1', cadreId: 'C1', issuedAt: NOW, expiresAt: '2026-03-09T08:00:00.000Z' };
    await store.householdCodes.issue(code);
    const redeemed = await Promise.all([
      store.householdCodes.redeem('k1', new Date(NOW)),
      store.householdCodes.redeem('k1', new Date(NOW)),
    ]);
    expect(redeemed.filter(Boolean)).toEqual([code]);
  });

  it('adds aid once per payment and sums it by category and month', async () => {
    const paid = { householdId: 'H0001', category: '产业' as const, name: '产业奖补', amountFen: 150_000, date: '2026-02-15' };
    expect(await store.aid.add({ id: 'a1', ...paid }, { id: 'a2', ...paid, date: '2026-01-15' })).toBe(2);
    expect(await store.aid.add({ id: 'a3', ...paid })).toBe(0);
    expect((await store.aid.byHousehold('H0001')).map((a) => a.id)).toEqual(['a1', 'a2']);
    const summary = await store.aid.summary(['2026-02', '2026-03']);
    expect(summary.totalFen).toBe(300_000);
    expect(summary.byMonth).toEqual([
      { month: '2026-02', amountFen: 150_000, count: 1 },
      { month: '2026-03', amountFen: 0, count: 0 },
    ]);
  });
});
