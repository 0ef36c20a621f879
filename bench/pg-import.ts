/**
 * `npm run import -- households FILE` into PostgreSQL: a generated CSV of `--rows` households (default 1,000,000)
 * imported into a fresh schema of DATABASE_URL (default: the local `test` database) by the real CLI. Prints time
 * from spawn to exit, rows/s and the CLI's peak RSS; drops the schema at the end. `tsx bench/pg-import.ts [--rows N]`
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startChild } from './child.js';
import { BENCH_HASH_KEY } from './generate.js';
import { householdCsv } from './import-bench.js';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const at = process.argv.indexOf('--rows');
const ROWS = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;
const SCHEMA = `bench_import_${process.pid}`;

const admin = new pg.Client({ connectionString: URL });
await admin.connect();
const dir = await mkdtemp(join(tmpdir(), 'bangfu-pg-import-'));
try {
  await admin.query(`create schema ${SCHEMA}`);
  const file = join(dir, '户信息.csv');
  const csv = householdCsv(ROWS, 42);
  await writeFile(file, csv, 'utf8');
  const separator = URL.includes('?') ? '&' : '?';
  const env = {
    DATABASE_URL: `${URL}${separator}options=${encodeURIComponent(`-c search_path=${SCHEMA},public`)}`,
    DATA_DIR: join(dir, 'data'),
    ID_HASH_KEY: BENCH_HASH_KEY,
  };
  const started = performance.now();
  const child = await startChild('src/registry/cli.ts', env, /导入完成.*?用时 ([\d.]+) 秒/, 1_800_000, ['households', file]);
  const seconds = (performance.now() - started) / 1000;
  const peakMb = Math.round(child.peakRss() / 1e6);
  await new Promise<void>((resolve) => {
    if (child.process.exitCode !== null) resolve();
    else child.process.once('exit', () => resolve());
  });
  const { rows } = await admin.query(`select count(*)::int as n from ${SCHEMA}.households`);
  console.log(child.output().trim().split('\n').pop());
  console.log(
    `${ROWS.toLocaleString('en')} households, ${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB CSV: ${seconds.toFixed(1)} s from spawn to exit ` +
      `(${Math.round(ROWS / seconds).toLocaleString('en')} rows/s), peak RSS ${peakMb} MB, ${rows[0].n.toLocaleString('en')} rows in the database`,
  );
} finally {
  await admin.query(`drop schema if exists ${SCHEMA} cascade`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
