import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, type Migration, MigrationError, migrate } from '../../../src/store/postgres/migrate.js';
import { createTestSchema, testDatabaseReachable } from './pg-fixture.js';

const reachable = await testDatabaseReachable();

const migration = (version: number, name: string, sql: string): Migration => ({
  version,
  name,
  sql,
  checksum: `sum-${version}-${sql.length}`,
});

describe.skipIf(!reachable)('PostgreSQL migrations', () => {
  it('applies every numbered file once and records it; a second run applies nothing', async () => {
    const db = await createTestSchema();
    const pool = db.pool();
    const files = await loadMigrations();
    const first = await migrate(pool);
    expect(first).toEqual({ applied: files.map((m) => m.version), version: files.length });
    const again = await migrate(pool);
    expect(again).toEqual({ applied: [], version: files.length });
    const { rows } = await pool.query('select version, name, checksum from schema_migrations order by version');
    expect(rows).toEqual(files.map(({ version, name, checksum }) => ({ version, name, checksum })));
  });

  it('applies each migration once when several instances start together', async () => {
    const db = await createTestSchema();
    const pools = [db.pool(1), db.pool(1), db.pool(1), db.pool(1)];
    const results = await Promise.all(pools.map((p) => migrate(p)));
    const check = db.pool(1);
    const files = await loadMigrations();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((m) => m.version));
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([files.length]));
    const { rows } = await check.query('select count(*)::int as n from schema_migrations');
    expect(rows[0].n).toBe(files.length);
  });

  it('rolls a failing migration back whole and keeps the ones before it', async () => {
    const pool = (await createTestSchema()).pool();
    const good = migration(1, 'first', 'create table a (id int)');
    const bad = migration(2, 'broken', 'create table b (id int); insert into nowhere values (1)');
    await expect(migrate(pool, [good, bad])).rejects.toThrow(/Migration 2 \(broken\) failed and was rolled back/);
    const { rows } = await pool.query(`select to_regclass('a') is not null as a, to_regclass('b') is not null as b`);
    expect(rows[0]).toEqual({ a: true, b: false });
    expect((await pool.query('select version from schema_migrations')).rows).toEqual([{ version: 1 }]);
  });

  it.each([
    ['an applied migration was edited', [migration(1, 'first', 'create table a (id int, extra int)')], /was changed after it was applied/],
    ['the database is newer than the code', [] as Migration[], /does not know: it was set up by a newer version/],
  ])('refuses to run when %s', async (_, later, message) => {
    const pool = (await createTestSchema()).pool();
    await migrate(pool, [migration(1, 'first', 'create table a (id int)')]);
    await expect(migrate(pool, later)).rejects.toThrow(MigrationError);
    await expect(migrate(pool, later)).rejects.toThrow(message);
  });

  it('refuses migration files whose numbers have a gap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bangfu-migrations-'));
    await writeFile(join(dir, '001_first.sql'), 'select 1');
    await writeFile(join(dir, '003_third.sql'), 'select 1');
    await expect(loadMigrations(dir)).rejects.toThrow(/003_third.sql should be numbered 002/);
  });
});
