import type pg from 'pg';
import type { Config } from '../config.js';
import { DataDirError } from '../data-dir/errors.js';
import { loadHashKey } from '../data-dir/hash-key.js';
import { KEY_CHECK_META } from '../data-dir/open.js';
import { createHasher, type Hasher } from '../privacy/keyed-hash.js';
import { createPool } from '../store/postgres/connect.js';
import { migrate } from '../store/postgres/migrate.js';

/** A PostgreSQL database to import into: its pool (schema migrated) and the ID hasher under the deployment's key. */
export type PostgresTarget = { pool: pg.Pool; hasher: Hasher; close: () => Promise<void> };

/**
 * Opens DATABASE_URL for an import. The key comes from ID_HASH_KEY or ID_HASH_KEY_FILE (a database holds real data);
 * it is checked against the one the database's hashes were made with, so a wrong key is refused rather than
 * creating hashes that match nobody.
 */
export async function openPostgresTarget(config: Config & { DATABASE_URL: string }): Promise<PostgresTarget> {
  const pool = createPool({ url: config.DATABASE_URL, max: 2, applicationName: 'bangfu-import' });
  try {
    await migrate(pool);
    const { rows } = await pool.query<{ value: string }>('select value from meta where id = $1', [KEY_CHECK_META]);
    const recorded = rows[0]?.value;
    const { rows: counted } = await pool.query<{ any: boolean }>('select exists (select 1 from households) as any');
    const { key } = await loadHashKey(config.DATA_DIR, 'real', config, recorded === undefined && !counted[0]?.any);
    const hasher = createHasher(key);
    const check = await hasher.idHash('bangfu-key-check');
    if (recorded === undefined)
      await pool.query('insert into meta (id, value) values ($1, $2) on conflict (id) do nothing', [KEY_CHECK_META, check]);
    else if (recorded !== check) {
      throw new DataDirError(
        'The ID hash key (ID_HASH_KEY or ID_HASH_KEY_FILE) is not the one this database was filled with: its ID hashes would match nobody. Use the key from your key backup.',
      );
    }
    return { pool, hasher, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
