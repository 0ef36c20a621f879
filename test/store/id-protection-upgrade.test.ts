import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHasher } from '../../src/privacy/keyed-hash.js';
import { importMembers } from '../../src/registry/importer.js';
import { tableFromObjects } from '../../src/registry/read-table.js';
import { MEMBER_COLUMNS } from '../../src/registry/rows.js';
import type { Store } from '../../src/store/legacy-store.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { fullId } from '../admin/helpers.js';
import { tempDir } from '../helpers/test-app.js';
import { legacyHousehold, legacyMember } from '../privacy/legacy.js';

const KEY = 'legacy-key-0123456789abcdef0123456789abcdef';
const HEAD = fullId('36088119600312415');
const OTHER = fullId('36088119710830226');
const DAUGHTER = fullId('36088119891203324');
const hasher = createHasher(KEY);

let dir = '';
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A data dir as the code before the current ID protection left it. */
async function legacyDataDir(): Promise<void> {
  dir = await tempDir('bangfu-upgrade-');
  const old = await openLowStore(dir);
  await old.households.upsert(legacyHousehold(KEY, HEAD, '钱七'), legacyHousehold(KEY, OTHER, '孙八', 'H1002'));
  await old.members.upsert(legacyMember(KEY, DAUGHTER, '钱小梅'));
  await old.close();
}

describe('opening a data dir stored under the older ID protection', () => {
  it('cuts masks to the first 4 characters and stretches the hashes, so every household and member still verifies', async () => {
    await legacyDataDir();
    const notices: string[] = [];
    store = await openLowStore(dir, { notice: (text) => notices.push(text) });
    expect(notices.join('\n')).toMatch(/Upgrading the ID protection of 3 stored records/);
    const text = (await readFile(join(dir, 'households.json'), 'utf8')) + (await readFile(join(dir, 'members.json'), 'utf8'));
    expect(text).not.toMatch(/\*{6,}[0-9X]/);
    expect(text).not.toMatch(/"[0-9a-f]{64}"/);
    expect(store.households.get('H1001')?.idMasked).toBe('3608**************');
    expect(store.members.byHousehold('H1001').map((m) => m.idMasked)).toEqual(['3608**************']);
    expect(store.households.byVerifyHash(await hasher.verifyHash('钱七', HEAD.slice(-6))).map((h) => h.id)).toEqual(['H1001']);
    expect(store.households.byIdHash(await hasher.idHash(OTHER))?.id).toBe('H1002');
    expect(store.members.byVerifyHash(await hasher.verifyHash('钱小梅', DAUGHTER.slice(-6))).map((m) => m.householdId)).toEqual(['H1001']);
  });

  it('re-keys members onto the ids the importer now gives, so a re-import finds them unchanged', async () => {
    await legacyDataDir();
    store = await openLowStore(dir);
    const rows = [{ 户编号: 'H1001', 姓名: '钱小梅', 身份证号: DAUGHTER, 与户主关系: '之女' }];
    expect(await importMembers(store, hasher, tableFromObjects([...MEMBER_COLUMNS], rows))).toMatchObject({ created: 0, unchanged: 1 });
    expect(store.members.byHousehold('H1001')).toHaveLength(1);
  });

  it('runs once: a second open changes nothing', async () => {
    await legacyDataDir();
    await (await openLowStore(dir)).close();
    const before = await readFile(join(dir, 'members.json'), 'utf8');
    const notices: string[] = [];
    store = await openLowStore(dir, { notice: (text) => notices.push(text) });
    expect(notices).toEqual([]);
    expect(await readFile(join(dir, 'members.json'), 'utf8')).toBe(before);
  });

  it('finishes a re-keying a crash interrupted (old and new member records both stored)', async () => {
    await legacyDataDir();
    await (await openLowStore(dir)).close();
    const half = await openLowStore(dir);
    await half.members.upsert(legacyMember(KEY, DAUGHTER, '钱小梅'));
    await half.close();
    store = await openLowStore(dir);
    expect(store.members.byHousehold('H1001')).toHaveLength(1);
  });
});
