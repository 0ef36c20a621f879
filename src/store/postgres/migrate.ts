import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** One numbered SQL file under migrations/. */
export type Migration = { version: number; name: string; sql: string; checksum: string };

/** Thrown when the database and the migration files disagree (an edited or unknown migration): nothing is applied. */
export class MigrationError extends Error {}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migration files in order; a gap or a duplicate number is an error. */
export async function loadMigrations(dir = DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => FILE.test(f)).sort();
  const migrations: Migration[] = [];
  for (const [i, file] of files.entries()) {
    const [, number = '', name = ''] = FILE.exec(file) ?? [];
    if (Number(number) !== i + 1)
      throw new MigrationError(
        `Migration ${file} should be numbered ${String(i + 1).padStart(3, '0')}: numbers must run 001, 002, … without gaps.`,
      );
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({ version: i + 1, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

/** What a run did: the versions it applied now, and the schema version after it. */
export type MigrateResult = { applied: number[]; version: number };

/**
 * Brings the schema (the connection's current schema) up to date: each pending migration in its own transaction,
 * recorded in schema_migrations with a checksum. Instances starting together queue on an advisory lock, so each
 * migration runs once; the lock is one for the whole database because `create extension` is database-wide.
 */
export async function migrate(pool: pg.Pool, migrations?: Migration[]): Promise<MigrateResult> {
  const wanted = migrations ?? (await loadMigrations());
  const client = await pool.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtextextended('bangfu:migrate', 0))`);
    try {
      return await applyPending(client, wanted);
    } finally {
      await client.query(`select pg_advisory_unlock(hashtextextended('bangfu:migrate', 0))`);
    }
  } finally {
    client.release();
  }
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<MigrateResult> {
  await client.query(`create table if not exists schema_migrations (
    version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
  const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
    'select version, name, checksum from schema_migrations order by version',
  );
  for (const row of rows) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) {
      throw new MigrationError(
        `The database has migration ${row.version} (${row.name}), which this version of Bangfu does not know: it was set up by a newer version. Run that version, or restore a backup taken before the upgrade.`,
      );
    }
    if (known.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.version} (${row.name}) was changed after it was applied to this database. Put the file back as it was and add the change as a new numbered migration.`,
      );
    }
  }
  const applied: number[] = [];
  for (const m of migrations.filter((m) => !rows.some((r) => r.version === m.version))) {
    await client.query('begin');
    try {
      await client.query(m.sql);
      await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw new MigrationError(`Migration ${m.version} (${m.name}) failed and was rolled back: ${(error as Error).message}`);
    }
    applied.push(m.version);
  }
  return { applied, version: migrations.at(-1)?.version ?? 0 };
}
