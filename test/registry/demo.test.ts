import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_FILE, demoLogin, seedDemo } from '../../src/registry/demo.js';
import { CARD_COLOURS, CAUSES, STATUSES } from '../../src/registry/rows.js';
import type { Store } from '../../src/store/legacy-store.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir, testHasher } from './helpers.js';

const CONTENT = join(import.meta.dirname, '../../content');

let store: Store;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const tmp = await tempDir();
  cleanup = tmp.cleanup;
  store = await openLowStore(tmp.dir);
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('demo registry', () => {
  it('is labelled fictional and holds no full ID number', async () => {
    const text = await readFile(join(CONTENT, DEMO_FILE), 'utf8');
    expect(text).toContain('虚构演示数据');
    expect(text.match(/\d{17}[\dXx]/g) ?? []).toEqual([]);
  });

  it('seeds households, members and aid through the importer, idempotently', async () => {
    const first = await seedDemo(store, testHasher, CONTENT);
    expect(first.households).toMatchObject({ created: 12, errors: [] });
    expect(first.members.created).toBeGreaterThanOrEqual(3);
    expect(first.aid.created).toBeGreaterThanOrEqual(20);
    const again = await seedDemo(store, testHasher, CONTENT);
    expect(again.households).toMatchObject({ created: 0, updated: 0, unchanged: 12 });
    expect(again.members).toMatchObject({ created: 0, unchanged: first.members.created });
    expect(again.aid).toMatchObject({ created: 0, skipped: first.aid.created });
  });

  it('covers every card colour, status and cause, two townships and three villages, recent aid', async () => {
    await seedDemo(store, testHasher, CONTENT);
    const households = [...store.households.all()];
    expect(new Set(households.map((h) => h.card).filter(Boolean))).toEqual(new Set(CARD_COLOURS));
    expect(households.some((h) => h.card === undefined)).toBe(true);
    expect(new Set(households.map((h) => h.status))).toEqual(new Set(STATUSES));
    expect(new Set(households.flatMap((h) => h.causes))).toEqual(new Set(CAUSES));
    expect(new Set(households.map((h) => h.county))).toEqual(new Set(['演示县']));
    expect(new Set(households.map((h) => h.township)).size).toBe(2);
    expect(new Set(households.map((h) => h.village)).size).toBe(3);
    const aid = [...store.aid.all()];
    expect(new Set(aid.map((a) => a.category)).size).toBeGreaterThanOrEqual(7);
    expect(aid.every((a) => a.date >= '2025-01-01' && a.date <= '2026-12-31')).toBe(true);
  });

  it('gives a login that verifies against the seeded head of household', async () => {
    await seedDemo(store, testHasher, CONTENT);
    const login = await demoLogin(CONTENT);
    expect(login).toEqual({ householdId: 'YS-0001', name: '张大山', idTail: expect.stringMatching(/^\d{5}[\dX]$/) });
    const [household] = store.households.byVerifyHash(await testHasher.verifyHash(login.name, login.idTail));
    expect(household?.id).toBe('YS-0001');
    expect(household?.idMasked).toBe('3699**************');
  });
});
