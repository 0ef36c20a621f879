import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cadre } from '../../src/model/cadre.js';
import type { Household } from '../../src/model/household.js';
import type { Store } from '../../src/store/legacy-store.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';

let store: Store | undefined;
let dir = '';
afterEach(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const household = (id: string, village: string): Household => ({
  id,
  headName: `户主${id}`,
  idMasked: '3699**********0000',
  idHash: `i${id}`,
  verifyHash: `v${id}`,
  county: '演示县',
  township: '东坡乡',
  village,
  size: 3,
  attribute: '一般贫困户',
  causes: ['因病'],
  status: '已脱贫',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const cadre: Cadre = {
  id: 'C1',
  name: '刘干部',
  phone: '13800138000',
  villages: ['红星村'],
  householdIds: ['H3', 'H9'],
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe("a cadre's households from the whole registry", () => {
  it('are found through the village index, the same as a scan would find them, and follow moves', async () => {
    dir = await tempDir('bangfu-cadre-index-');
    store = await openLowStore(dir);
    await store.households.upsert(
      household('H1', '红星村'),
      household('H2', '红星村'),
      household('H3', '石桥村'),
      household('H4', '石桥村'),
    );
    const ids = (from: Iterable<Household>) =>
      store?.cadres
        .assignedHouseholds(cadre, from)
        .map((h) => h.id)
        .sort();
    expect(ids(store.households.all())).toEqual(['H1', 'H2', 'H3']);
    expect(ids([...store.households.all()])).toEqual(['H1', 'H2', 'H3']);
    await store.households.upsert({ ...household('H2', '石桥村') }, household('H4', '红星村'));
    expect(ids(store.households.all())).toEqual(['H1', 'H3', 'H4']);
    expect(ids([...store.households.all()])).toEqual(['H1', 'H3', 'H4']);
  });
});
