import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPool } from '../src/store/postgres/connect.js';
import { migrate } from '../src/store/postgres/migrate.js';
import { type LoadResult, runChatLoad } from './chat-load.js';
import { type Child, startChild } from './child.js';
import type { GeneratedSet } from './generate.js';
import { jsonClient } from './http.js';
import { type FillTimings, fillPg } from './pg-fill.js';

/** The local test database unless DATABASE_URL names another. */
export const BENCH_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** DATABASE_URL of a server working in `schema` (tables there, pg_trgm from public). */
function schemaUrl(schema: string): string {
  const separator = BENCH_DATABASE_URL.includes('?') ? '&' : '?';
  return `${BENCH_DATABASE_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
}

/** VmRSS of a live process in bytes (0 when unknown). */
async function rss(pid: number | undefined): Promise<number> {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a live process has used (Linux /proc; 0 when unknown). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Starts src/main.ts and waits until GET /readyz answers 200: the wall time from spawn, and the CPU time the process
 * used until then (on a shared machine the wall time mostly measures the neighbours; the CPU time does not).
 */
async function startReady(env: Record<string, string>): Promise<{ child: Child; ms: number; cpu: number }> {
  const child = await startChild('src/main.ts', env, /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\//, 600_000);
  const client = jsonClient(child.port, 1);
  try {
    for (;;) {
      const res = await client.get('/readyz');
      if (res.status === 200) {
        const ms = Math.round(performance.now() - child.startedAt);
        return { child, ms, cpu: await cpuSeconds(child.process.pid) };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    client.close();
  }
}

async function tableStats(db: pg.Client, schema: string): Promise<Map<string, { scans: number; rows: number }>> {
  const { rows } = await db.query<{ relname: string; seq_scan: string; seq_tup_read: string }>(
    'select relname, seq_scan, seq_tup_read from pg_stat_user_tables where schemaname = $1',
    [schema],
  );
  return new Map(rows.map((r) => [r.relname, { scans: Number(r.seq_scan), rows: Number(r.seq_tup_read) }]));
}

/** A filled schema and what the chat load needs to know about it. */
export type PgScale = {
  households: number;
  schema: string;
  dir: string;
  data: GeneratedSet & { timings: FillTimings };
  env: Record<string, string>;
};

/** A fresh schema for `households`, migrated and filled in the database (bench/pg-fill.ts). */
export async function preparePgScale(options: {
  households: number;
  seed: number;
  serverEnv: (dataDir: string) => Record<string, string>;
  log: (message: string) => void;
}): Promise<PgScale> {
  const { households, log } = options;
  const schema = `bench_pg_${process.pid}_${households}`;
  const dir = await mkdtemp(join(tmpdir(), `bangfu-bench-pg-${households}-`));
  await adminQuery(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  const pool = createPool({ url: BENCH_DATABASE_URL, schema, max: 1 });
  try {
    await migrate(pool);
    log(`${households}: filling schema ${schema}…`);
    const client = await pool.connect();
    const data = await fillPg(client, schema, households, options.seed).finally(() => client.release());
    log(
      `${households}: filled in ${data.seconds.toFixed(0)} s (${JSON.stringify(data.timings)}), ${(data.bytesOnDisk / 1e6).toFixed(0)} MB`,
    );
    return { households, schema, dir, data, env: { ...options.serverEnv(join(dir, 'data')), DATABASE_URL: schemaUrl(schema) } };
  } finally {
    await pool.end();
  }
}

/** Drops a scale's schema and temp dir. */
export async function dropPgScale(scale: Pick<PgScale, 'schema' | 'dir'>): Promise<void> {
  await adminQuery(`drop schema if exists ${scale.schema} cascade`).catch(() => {});
  await rm(scale.dir, { recursive: true, force: true });
}

async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** What one round at one scale measured. */
export type PgRound = {
  households: number;
  startsMs: number[];
  /** CPU seconds each start used until ready. */
  startsCpu: number[];
  rssMb: number;
  peakRssMb: number;
  load: LoadResult;
  seqScans: Record<string, { scans: number; rows: number }>;
  loadAverage: number[];
};

/**
 * One round at one scale: the real entry point (src/main.ts) started `starts` times to ready, the last start kept
 * for the chat load, then its RSS; sequential scans per table over the round from pg_stat_user_tables.
 */
export async function pgRound(
  scale: PgScale,
  options: { users: number; seconds: number; seed: number; starts: number; round: number; log: (message: string) => void },
): Promise<PgRound> {
  const { households, schema, env, data } = scale;
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    const before = await tableStats(admin, schema);
    const startsMs: number[] = [];
    const startsCpu: number[] = [];
    for (let i = 1; i < options.starts; i += 1) {
      const { child, ms, cpu } = await startReady(env);
      startsMs.push(ms);
      startsCpu.push(cpu);
      await child.stop();
    }
    const { child, ms, cpu } = await startReady(env);
    startsMs.push(ms);
    startsCpu.push(cpu);
    let load: LoadResult;
    let rssBytes: number;
    let peak: number;
    try {
      const client = jsonClient(child.port, options.users);
      load = await runChatLoad(client, data, {
        users: options.users,
        seconds: options.seconds,
        warmup: 2,
        seed: options.seed,
        prefix: `p${households}r${options.round}`,
      });
      client.close();
      rssBytes = await rss(child.process.pid);
      peak = child.peakRss();
    } finally {
      await child.stop();
    }
    // A backend flushes its table statistics when it exits: read them once the server is gone.
    const after = await tableStats(admin, schema);
    const seqScans: PgRound['seqScans'] = {};
    for (const [table, stat] of after) {
      const was = before.get(table) ?? { scans: 0, rows: 0 };
      if (stat.scans > was.scans) seqScans[table] = { scans: stat.scans - was.scans, rows: stat.rows - was.rows };
    }
    options.log(
      `${households} round ${options.round}: ready after ${startsMs.join(', ')} ms (CPU ${startsCpu.join(', ')} s); ${load.perSecond} msg/s p50 ${load.p50} ms p99 ${load.p99} ms, RSS ${(rssBytes / 1e6).toFixed(0)} MB, load average ${loadavg()[0]?.toFixed(1)}`,
    );
    return {
      households,
      startsMs,
      startsCpu,
      rssMb: Math.round(rssBytes / 1e6),
      peakRssMb: Math.round(peak / 1e6),
      load,
      seqScans,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    };
  } finally {
    await admin.end();
  }
}
