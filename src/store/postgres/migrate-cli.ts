import { createPool, isPostgresUrl } from './connect.js';
import { loadMigrations, migrate } from './migrate.js';

/** `npm run migrate`: brings the PostgreSQL schema at DATABASE_URL up to date and says what it did. */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!isPostgresUrl(url)) {
    process.stderr.write(
      'DATABASE_URL must be set to postgres://user@host:5432/database (migrations are for the PostgreSQL store only).\n',
    );
    return 1;
  }
  const pool = createPool({ url, max: 1, applicationName: 'bangfu-migrate' });
  try {
    const migrations = await loadMigrations();
    const { applied, version } = await migrate(pool, migrations);
    const names = applied.map((v) => `${String(v).padStart(3, '0')}_${migrations[v - 1]?.name}`);
    process.stdout.write(
      applied.length === 0
        ? `Schema is up to date (version ${version}).\n`
        : `Applied ${names.join(', ')}; schema is at version ${version}.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`Migration failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}

process.exitCode = await main();
