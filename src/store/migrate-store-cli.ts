import { parseArgs } from 'node:util';
import { type CopiedCount, CountMismatchError } from './copy-store.js';
import { MigrateStoreRefused, migrateStore } from './migrate-store.js';
import { isPostgresUrl } from './postgres/connect.js';

const USAGE = 'Usage: npm run migrate-store -- --from DATA_DIR --to postgres://user@host:5432/database [--force]';

/** `npm run migrate-store`: moves a lowdb data dir into PostgreSQL and prints the counts it verified. */
async function main(argv: string[]): Promise<number> {
  let args: { from?: string; to?: string; force?: boolean; help?: boolean };
  try {
    args = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.from || !args.to) {
    process.stderr.write(`Both --from (the data dir) and --to (the PostgreSQL URL) are needed.\n${USAGE}\n`);
    return 2;
  }
  if (!isPostgresUrl(args.to)) {
    process.stderr.write(`--to must be a PostgreSQL URL such as postgres://bangfu@db.internal:5432/bangfu.\n${USAGE}\n`);
    return 2;
  }
  try {
    const result = await migrateStore({
      from: args.from,
      to: { url: args.to },
      force: args.force,
      notice: (text) => process.stderr.write(`${text}\n`),
    });
    const perSecond = Math.round(result.rows / Math.max(result.ms / 1000, 0.001));
    process.stdout.write(
      `${countTable(result.counts)}\n\n` +
        `${result.replaced ? 'Replaced what the database held: ' : ''}copied ${result.rows} records in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${perSecond}/s); every count matches.\n` +
        `Mode: ${result.mode ?? 'not recorded'}. The ID hashes and sealed reply addresses were copied as they are, so start Bangfu ` +
        'with DATABASE_URL set and the same ID_HASH_KEY (or ID_HASH_KEY_FILE) this data dir used; another key matches nobody.\n' +
        (result.keyInside
          ? `This data dir keeps its key inside (${args.from}/secret.key): copy that file out of the data dir and point ID_HASH_KEY_FILE at it.\n`
          : '') +
        'Keep the data dir as a backup, and do not start Bangfu on it again: it would no longer match the database.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof CountMismatchError) {
      process.stderr.write(`${countTable(error.counts)}\n\n${error.message} Nothing was kept: the copy was rolled back.\n`);
      return 1;
    }
    if (error instanceof MigrateStoreRefused) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`migrate-store failed, and nothing was kept in the database: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The per-collection counts as a plain table. */
function countTable(counts: readonly CopiedCount[]): string {
  const width = Math.max(10, ...counts.map((c) => c.name.length));
  const line = (name: string, source: string, target: string, mark = '') =>
    `${name.padEnd(width)}  ${source.padStart(9)}  ${target.padStart(9)}${mark}`;
  return [
    line('collection', 'data dir', 'database'),
    ...counts.map((c) => line(c.name, String(c.source), String(c.target), c.source === c.target ? '' : '  <- differs')),
  ].join('\n');
}

// The data dir's files it touches (the lock, a checkpoint) stay readable by their owner only.
process.umask(0o077);
process.exitCode = await main(process.argv.slice(2));
