import type { Cadre } from '../../src/model/cadre.js';
import type { Household } from '../../src/model/household.js';
import { fakeHash } from '../helpers/fake-hash.js';
import type { TestApp } from '../helpers/test-app.js';

/** The clock of the intent conversation tests. */
export const NOW = new Date('2026-11-27T02:00:00Z');

/** One household (张大山, 蓝卡) for own-status turns. */
export const household: Household = {
  id: 'H1',
  headName: '张大山',
  idMasked: '3601**************',
  idHash: fakeHash('id-H1'),
  verifyHash: fakeHash('v-H1'),
  county: '演示县',
  township: '青山乡',
  village: '石桥村',
  size: 4,
  attribute: '一般贫困户',
  card: '蓝卡',
  causes: ['因病'],
  status: '已脱贫',
  exitYear: 2019,
  cadreName: '刘帮扶',
  cadrePhone: '13900001111',
  updatedAt: NOW.toISOString(),
};

/** The cadre who helps that household, for visit turns. */
export const cadre: Cadre = {
  id: 'C1',
  name: '刘帮扶',
  phone: '13900001111',
  villages: ['石桥村'],
  householdIds: ['H1'],
  status: 'active',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

/** Stores the household and the cadre. */
export async function seedPeople(app: TestApp): Promise<void> {
  await app.store.households.upsert(household);
  await app.store.cadres.put(cadre);
}

/** Binds a chat user (`<channel>:<id>`) to the household or the cadre, as verification and enrolment do. */
export async function bindAs(app: TestApp, key: string, as: 'household' | 'cadre'): Promise<void> {
  await app.store.bindings.bind({ id: key, kind: as, targetId: as === 'household' ? household.id : cadre.id, boundAt: NOW.toISOString() });
}
