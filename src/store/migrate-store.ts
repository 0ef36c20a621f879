import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FORMAT_VERSION, readFormat } from '../data-dir/format-version.js';
import { DEMO_KEY_FILE } from '../data-dir/hash-key.js';
import { MODE_META } from '../data-dir/mode.js';
import { type CopyResult, copyStore } from './copy-store.js';
import { DataDirLockedError } from './lock.js';
import { openLowStore } from './lowdb/open-store.js';
import { PgBulkLoad } from './postgres/bulk-load.js';
import { createPool, inTransaction, type PgSettings } from './postgres/connect.js';
import { migrate } from './postgres/migrate.js';
import type { Store } from './store.js';
import type { StoreExport } from './store-export.js';

/** Why `npm run migrate-store` would not run; the message says what to do. Nothing was written. */
export class MigrateStoreRefused extends Error {}

/** What to move: the data dir, the database (schema for tests), and whether to replace what the database holds. */
export type MigrateStoreOptions = {
  from: string;
  to: PgSettings;
  force?: boolean;
  batchSize?: number;
  notice?: (text: string) => void;
};

/** What a migration did, and what the operator must know about the key. */
export type MigrateStoreResult = CopyResult & { mode: string | undefined; keyInside: boolean; replaced: boolean };

/**
 * Moves a lowdb data dir into PostgreSQL: claims the dir (so no Bangfu runs on it meanwhile), brings the schema up to
 * date, and in one transaction refuses a database that already holds data (unless `force`: then it is emptied first),
 * copies every record as stored and compares the counts. Any failure rolls the whole copy back.
 */
export async function migrateStore(options: MigrateStoreOptions): Promise<MigrateStoreResult> {
  const { from, force = false, notice } = options;
  await checkSource(from);
  let source: StoreExport | undefined;
  let store: Store;
  try {
    store = await openLowStore(from, { notice, beforeLoad: () => checkFormat(from), exportTo: (reader) => (source = reader) });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new MigrateStoreRefused(
        `The data dir ${from} is in use by process ${error.pid} (probably the running Bangfu). Stop Bangfu first, then run migrate-store again; nothing was copied.`,
      );
    }
    throw error;
  }
  const pool = createPool({ ...options.to, max: 1, applicationName: 'bangfu-migrate-store' });
  try {
    if (!source) throw new Error('The lowdb store did not hand over its export reader.');
    const reader = source;
    const mode = await store.meta.get(MODE_META);
    await migrate(pool);
    const { result, replaced } = await inTransaction(pool, async (client) => {
      // Two runs at once would both find the database empty.
      await client.query(`select pg_advisory_xact_lock(hashtextextended('bangfu:migrate-store', 0))`);
      const target = new PgBulkLoad(client);
      const held = Object.entries(await target.counts()).filter(([, n]) => n > 0);
      if (held.length > 0 && !force) {
        const what = held.map(([name, n]) => `${n} ${name}`).join(', ');
        throw new MigrateStoreRefused(
          `The database already holds data (${what}), so nothing was copied. If it is an earlier copy of this data dir, or you mean to ` +
            'throw away what it holds, run again with --force: every Bangfu record in the database is then replaced by the data dir.',
        );
      }
      if (held.length > 0) await target.clear();
      return { result: await copyStore(reader, target, { batchSize: options.batchSize }), replaced: held.length > 0 };
    });
    const keyInside = await stat(join(from, DEMO_KEY_FILE)).then(
      () => true,
      () => false,
    );
    return { ...result, mode, keyInside, replaced };
  } finally {
    await pool.end();
    await store.close();
  }
}

async function checkSource(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new MigrateStoreRefused(`--from ${dir} is not a directory. Give the data dir Bangfu ran on (its DATA_DIR).`);
  const files = await readdir(dir);
  if (!files.some((f) => f === 'format.json' || /^[a-z-]+(\.\d+)?\.json$/.test(f))) {
    throw new MigrateStoreRefused(
      `--from ${dir} holds no Bangfu data (no format.json, no collection files). Give the data dir Bangfu ran on.`,
    );
  }
}

async function checkFormat(dir: string): Promise<void> {
  const recorded = await readFormat(dir);
  if (recorded === undefined || recorded.version === FORMAT_VERSION) return;
  throw new MigrateStoreRefused(
    recorded.version > FORMAT_VERSION
      ? `The data dir ${dir} has data format ${recorded.version} (Bangfu ${recorded.writtenBy}); this Bangfu reads format ${FORMAT_VERSION}. Run migrate-store of that newer Bangfu.`
      : `The data dir ${dir} has the older data format ${recorded.version}. Start this Bangfu on it once (it upgrades the data dir, with a backup), stop it, then run migrate-store.`,
  );
}
