import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChatLoad, runEchoLoad } from './chat-load.js';
import { ROOT, startChild } from './child.js';
import { BENCH_HASH_KEY, type GeneratedSet, generateDataset } from './generate.js';
import { jsonClient } from './http.js';
import { runImportBench } from './import-bench.js';
import { type PgBenchReport, pgMarkdown } from './pg-report.js';
import { dropPgScale, type PgRound, type PgScale, pgRound, preparePgScale } from './pg-scale.js';
import { runQaBench } from './qa.js';
import { type BenchReport, printTables } from './report.js';
import { runWriteProbe } from './write-probe.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1000,10000,100000' },
    users: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    quick: { type: 'boolean' },
    fresh: { type: 'boolean' },
    'no-import': { type: 'boolean' },
    /** Only the chat load at each scale (and the echo ceiling): no Q&A, start-up, write probe or import. */
    'chat-only': { type: 'boolean' },
    /** lowdb (a data dir per scale) or postgres (a schema per scale in DATABASE_URL, default the local test database). */
    store: { type: 'string', default: 'lowdb' },
    /** postgres: how many times the server is started to ready at each scale (the last one serves the load). */
    starts: { type: 'string', default: '3' },
    /** postgres: rounds of start-ups and chat load, the scales interleaved in each. */
    rounds: { type: 'string', default: '3' },
    /** postgres: rows of the import timed by bench/pg-import.ts (0: none). */
    'import-rows': { type: 'string', default: '100000' },
  },
});
if (values.store !== 'lowdb' && values.store !== 'postgres') throw new Error(`--store is lowdb or postgres, not ${values.store}`);
const scales = (values.quick ? '1000,10000' : values.scales).split(',').map(Number);
const users = Number(values.users);
const chatOnly = values['chat-only'] === true;
const seconds = values.quick ? 4 : Number(values.seconds);
const SEED = 20151129;
const started = performance.now();
const log = (message: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

/** Environment of every server the bench starts: no demo data, no reminders, no rate limits in the way of the load. */
const serverEnv = (dataDir: string) => ({
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: '0',
  SEED_DEMO: '0',
  ID_HASH_KEY: BENCH_HASH_KEY,
  VISIT_REMINDERS: '0',
  LOG_LEVEL: 'warn',
  ADMIN_PASSWORD: 'bench-admin-password',
  CHAT_RATE_PER_USER_PER_MINUTE: '1000000',
  CHAT_RATE_PER_IP_PER_MINUTE: '1000000',
  CHAT_NEW_USERS_PER_IP_PER_HOUR: '1000000',
  CHAT_POLLS_PER_IP_PER_MINUTE: '1000000',
});

/** A generated data set in a fresh temp dir; generated once per (size, seed, generator source) and copied from a cache after. */
async function dataset(households: number): Promise<{ dir: string; data: GeneratedSet; generatedSeconds?: number }> {
  // The files depend on the generator and on how the store lays data out: both are in the cache key.
  const hash = createHash('sha256').update(await readFile(join(ROOT, 'bench', 'generate.ts')));
  const storeDir = join(ROOT, 'src', 'store', 'lowdb');
  for (const name of (await readdir(storeDir)).sort()) hash.update(await readFile(join(storeDir, name)));
  const key = hash.digest('hex').slice(0, 12);
  const cache = join(tmpdir(), 'bangfu-bench-cache', `${households}-${SEED}-${key}`);
  const dir = await mkdtemp(join(tmpdir(), `bangfu-bench-${households}-`));
  let generatedSeconds: number | undefined;
  let data: GeneratedSet;
  try {
    if (values.fresh) throw new Error('fresh');
    data = JSON.parse(await readFile(join(cache, 'generated.json'), 'utf8')) as GeneratedSet;
  } catch {
    await rm(cache, { recursive: true, force: true });
    await mkdir(cache, { recursive: true });
    log(`generating ${households} households…`);
    data = await generateDataset({ dir: join(cache, 'data'), households, seed: SEED });
    generatedSeconds = data.seconds;
    // The logins (names and ID tails of fictional people) stay in the temp cache, never in bench/results.
    await writeFile(join(cache, 'generated.json'), JSON.stringify(data));
  }
  await cp(join(cache, 'data'), dir, { recursive: true });
  await rm(join(dir, '.lock'), { force: true });
  return { dir, data, generatedSeconds };
}

/** Spawn to first answered POST /api/chat of the real entry point (src/main.ts). */
async function startupMs(dataDir: string): Promise<{ ms: number; listenMs: number }> {
  const child = await startChild('src/main.ts', serverEnv(dataDir), /Web chat:\s+http:\/\/127\.0\.0\.1:(\d+)\//, 300_000);
  try {
    const client = jsonClient(child.port, 1);
    const res = await client.post('/api/chat', { userId: 'startup-probe', text: '你好' });
    client.close();
    if (res.status !== 200) throw new Error(`first chat answered ${res.status}`);
    return { ms: Math.round(performance.now() - child.startedAt), listenMs: Math.round(child.readyMs) };
  } finally {
    await child.stop();
  }
}

async function scaleRun(households: number) {
  const { dir, data, generatedSeconds } = await dataset(households);
  try {
    log(`${households}: start-up…`);
    const startup = chatOnly ? { ms: 0, listenMs: 0 } : await startupMs(dir);
    log(`${households}: load (${users} users, ${seconds}s)…`);
    const server = await startChild('bench/server.ts', serverEnv(dir), /BENCH_LISTENING (\d+)/, 300_000);
    try {
      const client = jsonClient(server.port, users);
      const load = await runChatLoad(client, data, { users, seconds, warmup: 2, seed: SEED, prefix: `s${households}` });
      log(`${households}: ${load.perSecond} msg/s p50 ${load.p50} ms p99 ${load.p99} ms; write probe…`);
      const probe = chatOnly ? [] : await runWriteProbe(client, data, 5, `s${households}`);
      const memory = ((await client.get('/__bench/stats')).body as { memory: NodeJS.MemoryUsage }).memory;
      client.close();
      return {
        households,
        counts: data.counts,
        megabytesOnDisk: Math.round(data.bytesOnDisk / 1e5) / 10,
        generatedSeconds: generatedSeconds === undefined ? undefined : Math.round(generatedSeconds * 10) / 10,
        startupMs: startup.ms,
        listenMs: startup.listenMs,
        peakRssMb: Math.round(server.peakRss() / 1e6),
        heapUsedMb: Math.round(memory.heapUsed / 1e6),
        load,
        probe,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function echoRun() {
  const server = await startChild('bench/echo-server.ts', {}, /BENCH_LISTENING (\d+)/);
  try {
    const client = jsonClient(server.port, users);
    const result = await runEchoLoad(client, { users, seconds, warmup: 2 });
    client.close();
    return result;
  } finally {
    await server.stop();
  }
}

/**
 * The PostgreSQL bench: every scale filled in its own schema first, then --rounds rounds with the scales interleaved
 * (the order alternating), so a busy machine slows each scale alike; then the import at --import-rows.
 */
async function postgresRun(): Promise<void> {
  const prepared: PgScale[] = [];
  const rounds: PgRound[] = [];
  try {
    for (const households of scales) prepared.push(await preparePgScale({ households, seed: SEED, serverEnv, log }));
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      const order = round % 2 === 1 ? prepared : [...prepared].reverse();
      for (const scale of order)
        rounds.push(await pgRound(scale, { users, seconds, seed: SEED, starts: Number(values.starts), round, log }));
    }
  } finally {
    for (const scale of prepared) await dropPgScale(scale);
  }
  const pgScales = prepared.map((p) => ({
    households: p.households,
    counts: p.data.counts,
    databaseMb: Math.round(p.data.bytesOnDisk / 1e6),
    fillSeconds: Math.round(p.data.seconds),
    fillTimings: p.data.timings,
    rounds: rounds.filter((r) => r.households === p.households),
  }));
  const rows = Number(values['import-rows']);
  let imported: PgBenchReport['import'];
  if (rows > 0 && !chatOnly) {
    log(`import of ${rows} rows (bench/pg-import.ts)…`);
    const child = await startChild('bench/pg-import.ts', {}, /(from spawn to exit)/, 1_800_000, ['--rows', String(rows)]);
    await new Promise<void>((resolve) => (child.process.exitCode !== null ? resolve() : child.process.once('exit', () => resolve())));
    const line = child.output().trim().split('\n').pop() ?? '';
    const seconds = Number(/([\d.]+) s from spawn/.exec(line)?.[1] ?? Number.NaN);
    const peakRssMb = Number(/peak RSS (\d+) MB/.exec(line)?.[1] ?? Number.NaN);
    imported = { rows, seconds, peakRssMb, line };
  }
  const report: PgBenchReport = {
    at: new Date().toISOString(),
    machine: { ...machine, loadAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    options: { users, seconds, scales, starts: Number(values.starts), rounds: Number(values.rounds) },
    echo,
    scales: pgScales,
    import: imported,
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
  console.log(pgMarkdown(report));
  await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `bench-pg-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nSaved ${file} (${report.totalSeconds} s in all).`);
}

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? '',
  memoryGb: Math.round(totalmem() / 1e9),
  freeGb: Math.round(freemem() / 1e9),
  node: process.version,
  loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
log(`machine: ${JSON.stringify(machine)}`);
log('echo ceiling…');
const echo = await echoRun();
if (values.store === 'postgres') {
  await postgresRun();
  process.exit(0);
}
const results = [];
for (const households of scales) results.push(await scaleRun(households));
if (chatOnly) {
  for (const s of results) {
    const l = s.load;
    console.log(
      `${s.households} households: ${l.perSecond} msg/s, p50 ${l.p50} ms, p99 ${l.p99} ms, errors ${l.errors} (echo ${echo.perSecond} msg/s)`,
    );
  }
  process.exit(0);
}
log('policy Q&A (runQaBench)…');
const qa = await runQaBench();
if (!values['no-import']) log('import 100,000 households…');
const importResult = values['no-import'] ? undefined : await runImportBench(100_000, SEED);
const report: BenchReport = {
  at: new Date().toISOString(),
  machine: { ...machine, loadAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
  options: { users, seconds, scales },
  echo,
  scales: results,
  qa,
  import: importResult,
  totalSeconds: Math.round((performance.now() - started) / 1000),
};
printTables(report);
await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nSaved ${file} (${report.totalSeconds} s in all).`);
