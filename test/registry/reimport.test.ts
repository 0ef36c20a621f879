import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { importHouseholds, importMembers } from '../../src/registry/importer.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import type { Store } from '../../src/store/store.js';
import { tempDir, testHasher } from './helpers.js';
import { reimportSuite } from './reimport-suite.js';

let store: Store;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  store = await openLowStore(join(made.dir, 'data'));
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

reimportSuite('lowdb', () => ({
  importHouseholds: (table, options) => importHouseholds(store, testHasher, table, options),
  importMembers: (table, options) => importMembers(store, testHasher, table, options),
  memberNames: async (id) => (await store.members.byHousehold(id)).map((m) => m.name).sort(),
  household: (id) => store.households.get(id),
  markMonitored: async (id, since) => {
    const h = await store.households.get(id);
    if (h) await store.households.upsert({ ...h, status: '监测对象', monitorType: '突发严重困难户', monitorSince: since });
  },
}));
