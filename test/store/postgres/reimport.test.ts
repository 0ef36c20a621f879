import type pg from 'pg';
import { beforeEach, describe } from 'vitest';
import { importHouseholdsPg, importMembersPg } from '../../../src/registry/postgres-import.js';
import { migrate } from '../../../src/store/postgres/migrate.js';
import { households as householdCodec } from '../../../src/store/postgres/records.js';
import { testHasher } from '../../registry/helpers.js';
import { reimportSuite } from '../../registry/reimport-suite.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();

describe.skipIf(!reachable)('PostgreSQL streaming import', () => {
  let pool: pg.Pool;
  beforeEach(async () => {
    // A schema per test: each starts from an empty registry.
    pool = (await createTestSchema()).pool(2);
    await migrate(pool);
  });

  reimportSuite('PostgreSQL', () => ({
    importHouseholds: (table, options) => importHouseholdsPg(pool, testHasher, table, options),
    importMembers: (table, options) => importMembersPg(pool, testHasher, table, options),
    memberNames: async (id) => (await pool.query('select name from members where household_id = $1', [id])).rows.map((r) => r.name).sort(),
    household: async (id) => {
      const { rows } = await pool.query(`select ${householdCodec.list} from households where id = $1`, [id]);
      return rows[0] ? householdCodec.fromRow(rows[0]) : undefined;
    },
    markMonitored: async (id, since) => {
      await pool.query(`update households set status = '监测对象', monitor_type = '突发严重困难户', monitor_since = $2 where id = $1`, [
        id,
        since,
      ]);
    },
  }));
});
