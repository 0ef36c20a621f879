/**
 * `npm run import -- households FILE` into PostgreSQL: a generated CSV of `--rows` households (default 1,000,000), or
 * `--file` (a CSV written by an earlier run with `--keep`), imported into a fresh schema of DATABASE_URL (default: the
 * local `test` database) by the real CLI. Prints time from spawn to exit, rows/s, the CLI's peak RSS and CPU time,
 * the database server's CPU time and the load average; drops the schema at the end.
 * `tsx bench/pg-import.ts [--rows N] [--file CSV] [--keep]`
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { peakRss, startChild } from './child.js';
import { BENCH_HASH_KEY } from './generate.js';
import { householdCsv } from './import-bench.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, file: { type: 'string' }, keep: { type: 'boolean' } } });
const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `bench_import_${process.pid}`;
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far (Linux /proc; 0 when it is gone). */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (const byte of chunk) if (byte === 10) lines += 1;
  return lines - 1;
}

const admin = new pg.Client({ connectionString: URL });
await admin.connect();
const dir = await mkdtemp(join(tmpdir(), 'bangfu-pg-import-'));
try {
  await admin.query(`create schema ${SCHEMA}`);
  let file = values.file;
  if (file === undefined) {
    file = join(values.keep ? tmpdir() : dir, `bangfu-households-${values.rows ?? 1_000_000}.csv`);
    await writeFile(file, householdCsv(Number(values.rows ?? 1_000_000), 42), 'utf8');
  }
  const rows = await countLines(file);
  const megabytes = (await stat(file)).size / 1e6;
  const separator = URL.includes('?') ? '&' : '?';
  const env = {
    DATABASE_URL: `${URL}${separator}options=${encodeURIComponent(`-c search_path=${SCHEMA},public`)}`,
    DATA_DIR: join(dir, 'data'),
    ID_HASH_KEY: BENCH_HASH_KEY,
  };
  const loadAtStart = loadavg()[0] ?? 0;
  const started = performance.now();
  // The database backends' CPU is read from /proc while they live, so the figure needs the server on this machine.
  const serverCpu = new Map<number, number>();
  const sample = async () => {
    const { rows: backends } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = 'bangfu-import'`,
    );
    for (const { pid } of backends) serverCpu.set(pid, Math.max(serverCpu.get(pid) ?? 0, await cpuSeconds(pid)));
  };
  const sampler = setInterval(() => void sample().catch(() => {}), 1000);
  const child = await startChild('src/registry/cli.ts', env, /导入完成.*?用时 ([\d.]+) 秒/, 1_800_000, ['households', file]);
  const peakMb = Math.round(peakRss(child.process.pid) / 1e6);
  const cliCpu = await cpuSeconds(child.process.pid ?? 0);
  await new Promise<void>((resolve) => {
    if (child.process.exitCode !== null) resolve();
    else child.process.once('exit', () => resolve());
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const dbCpu = [...serverCpu.values()].reduce((a, b) => a + b, 0);
  const { rows: counted } = await admin.query(`select count(*)::int as n from ${SCHEMA}.households`);
  console.log(child.output().trim().split('\n').pop());
  console.log(
    `${rows.toLocaleString('en')} households, ${megabytes.toFixed(1)} MB CSV: ${seconds.toFixed(1)} s from spawn to exit ` +
      `(${Math.round(rows / seconds).toLocaleString('en')} rows/s), peak RSS ${peakMb} MB, CPU ${cliCpu.toFixed(0)} s import + ` +
      `${dbCpu.toFixed(0)} s database, load average ${loadAtStart.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores, ` +
      `${counted[0].n.toLocaleString('en')} rows in the database`,
  );
  if (values.keep && values.file === undefined) console.log(`CSV kept: ${file}`);
} finally {
  await admin.query(`drop schema if exists ${SCHEMA} cascade`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
