import type pg from 'pg';
import { beforeAll, describe } from 'vitest';
import { migrate } from '../../../src/store/postgres/migrate.js';
import { pgStoreOn } from '../../../src/store/postgres/open-store.js';
import { runStoreContract } from '../contract/contract.js';
import { TEST_ADDRESSES } from '../contract/harness.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();

describe.skipIf(!reachable)('PostgreSQL', () => {
  // One schema and one pair of pools for the whole file; each contract test starts from emptied tables.
  let pool: pg.Pool;
  let lockPool: pg.Pool;
  let emptyAll = '';
  beforeAll(async () => {
    const db = await createTestSchema();
    pool = db.pool(4);
    lockPool = db.pool(4);
    await migrate(pool);
    const { rows } = await pool.query<{ name: string }>(
      `select quote_ident(table_name) as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'`,
    );
    // DELETE, not TRUNCATE: on tables this small it is several times faster (no new files to create and sync).
    emptyAll = rows.map((r) => `delete from ${r.name};`).join(' ');
  });

  // Closing a store here ends nothing: the pools belong to the file. A reopened store is a new one on the same data.
  const storeOn = () => pgStoreOn({ pool, lockPool, addresses: TEST_ADDRESSES, close: async () => {} });

  runStoreContract({
    name: 'PostgreSQL',
    open: async () => {
      await pool.query(emptyAll);
      let current = storeOn();
      return {
        store: current,
        reopen: async () => {
          await current.close();
          current = storeOn();
          return current;
        },
        dispose: () => current.close(),
      };
    },
  });
});
