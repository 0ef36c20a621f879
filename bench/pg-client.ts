/**
 * Compares the two PostgreSQL clients for the store (`pg` and `postgres`) on the work the store does: prepared point
 * lookups, small transactions and a 10,000-row batch, each under 32 concurrent callers sharing one pool of 10
 * connections. `tsx bench/pg-client.ts [--seconds 5] [--rounds 2]`, with DATABASE_URL (default: the local `test`
 * database). Works in its own schema and drops it at the end.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `bench_client_${process.pid}`;
const CALLERS = 32;
const POOL = 10;
const ROWS = 100_000;
const BATCH = 10_000;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SECONDS = option('seconds', 5);
const ROUNDS = option('rounds', 2);

/** What each client offers the workloads. */
type Client = {
  name: string;
  lookup(id: string): Promise<unknown>;
  smallTx(rows: Row[]): Promise<void>;
  /** A chat turn: a transaction holding the conversation's advisory lock, two reads, one session upsert. */
  turn(user: string, household: string): Promise<void>;
  batch(rows: Row[]): Promise<void>;
  concurrentBatches: boolean;
  close(): Promise<void>;
};
type Row = { id: string; household: string; name: string; amount: number; date: string };

const randomHousehold = () => `H${String(Math.floor(Math.random() * ROWS)).padStart(7, '0')}`;
const makeRows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    household: randomHousehold(),
    name: `产业奖补${i % 7}`,
    amount: 1000 + i,
    date: '2024-05-01',
  }));
const columns = (rows: Row[]) => [
  rows.map((r) => r.id),
  rows.map((r) => r.household),
  rows.map((r) => r.name),
  rows.map((r) => r.amount),
  rows.map((r) => r.date),
];

const UNNEST =
  'insert into aid (id, household_id, name, amount_fen, date) select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::date[])';

const TURN_SAVE =
  'insert into sessions (id, data, updated_at) values ($1, $2, now()) on conflict (id) do update set data = excluded.data, updated_at = excluded.updated_at';
const randomUser = () => `web:u${Math.floor(Math.random() * 2000)}`;

async function pgClient(): Promise<Client> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: URL, max: POOL, options: `-c search_path=${SCHEMA}` });
  return {
    name: 'pg 8.23.1',
    lookup: (id) => pool.query({ name: 'lookup', text: 'select * from households where id = $1', values: [id] }),
    smallTx: async (rows) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const r of rows) {
          await client.query(
            { name: 'ins', text: 'insert into aid (id, household_id, name, amount_fen, date) values ($1, $2, $3, $4, $5)' },
            [r.id, r.household, r.name, r.amount, r.date],
          );
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    turn: async (user, household) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query({ name: 'lock', text: 'select pg_advisory_xact_lock(hashtextextended($1, 0))' }, [user]);
        await client.query({ name: 'session', text: 'select * from sessions where id = $1' }, [user]);
        await client.query({ name: 'lookup', text: 'select * from households where id = $1' }, [household]);
        await client.query({ name: 'save', text: TURN_SAVE }, [user, JSON.stringify({ step: 1, household })]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    batch: async (rows) => {
      await pool.query({ text: UNNEST, values: columns(rows) });
    },
    concurrentBatches: true,
    close: () => pool.end(),
  };
}

async function postgresClient(copy: boolean): Promise<Client> {
  const sql = postgres(URL, { max: POOL, onnotice: () => {}, connection: { search_path: SCHEMA } });
  return {
    name: copy ? 'postgres 3.4.9 (COPY batch, pipelined turn)' : 'postgres 3.4.9',
    lookup: (id) => sql`select * from households where id = ${id}`,
    smallTx: async (rows) => {
      await sql.begin(async (tx) => {
        for (const r of rows) {
          await tx`insert into aid (id, household_id, name, amount_fen, date) values (${r.id}, ${r.household}, ${r.name}, ${r.amount}, ${r.date})`;
        }
      });
    },
    turn: async (user, household) => {
      await sql.begin(async (tx) => {
        const lock = tx`select pg_advisory_xact_lock(hashtextextended(${user}, 0))`;
        const session = tx`select * from sessions where id = ${user}`;
        const found = tx`select * from households where id = ${household}`;
        // Sent back to back without waiting (pipelined) in the second variant; the server still runs them in order.
        if (copy) await Promise.all([lock, session, found]);
        else for (const query of [lock, session, found]) await query;
        await tx.unsafe(TURN_SAVE, [user, JSON.stringify({ step: 1, household })], { prepare: true });
      });
    },
    batch: async (rows) => {
      if (!copy) {
        await sql.unsafe(UNNEST, columns(rows) as never[], { prepare: true });
        return;
      }
      const target = (await sql`copy aid (id, household_id, name, amount_fen, date) from stdin`.writable()) as Writable;
      const lines = rows.map((r) => `${r.id}\t${r.household}\t${r.name}\t${r.amount}\t${r.date}\n`);
      await pipeline(async function* () {
        for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join('');
      }, target);
    },
    concurrentBatches: !copy,
    close: () => sql.end(),
  };
}

/** Runs `op` from CALLERS concurrent loops for SECONDS; returns ops/s and latency percentiles. */
async function load(op: () => Promise<unknown>, seconds = SECONDS) {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await op();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { perSecond: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99) };
}

async function setUp(): Promise<void> {
  const sql = postgres(URL, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}; set search_path = ${SCHEMA};
    create table households (id text primary key, head_name text not null, id_masked text not null, verify_hash text not null,
      township text not null, village text not null, size int not null, status text not null, causes text[] not null, updated_at timestamptz not null);
    create table aid (id text primary key, household_id text not null, name text not null, amount_fen bigint not null, date date not null);
    create index on aid (household_id, date desc);
    create table sessions (id text primary key, data jsonb not null, updated_at timestamptz not null);
    insert into households select 'H' || lpad(g::text, 7, '0'), '张' || g, '3699**************', md5(g::text), '乡' || (g % 20), '村' || (g % 400),
      1 + g % 6, '已脱贫', array['缺技术'], now() from generate_series(0, ${ROWS - 1}) g;
    analyze;`);
  await sql.end();
}

async function tearDown(): Promise<void> {
  const sql = postgres(URL, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
  await sql.end();
}

async function measure(make: () => Promise<Client>) {
  const client = await make();
  try {
    await load(() => client.lookup(randomHousehold()), 1);
    const lookups = await load(() => client.lookup(randomHousehold()));
    const transactions = await load(() => client.smallTx(makeRows(3)));
    const turns = await load(() => client.turn(randomUser(), randomHousehold()));
    const batchTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const rows = makeRows(BATCH);
      const start = performance.now();
      await client.batch(rows);
      batchTimes.push(performance.now() - start);
    }
    batchTimes.sort((a, b) => a - b);
    // postgres.js breaks its connections when COPYs run concurrently on one pool (ECONNRESET), so only batches run so.
    const concurrent = client.concurrentBatches ? await load(() => client.batch(makeRows(BATCH / CALLERS))) : undefined;
    const rowsPerS = concurrent ? concurrent.perSecond * Math.floor(BATCH / CALLERS) : undefined;
    return { client: client.name, lookups, transactions, turns, batchMs: batchTimes[2] ?? 0, rowsPerS };
  } finally {
    await client.close();
  }
}

await setUp();
try {
  const results: Awaited<ReturnType<typeof measure>>[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const make of [pgClient, () => postgresClient(false), () => postgresClient(true)]) results.push(await measure(make));
  }
  console.log(
    `| client | lookups/s | p50 / p99 ms | 3-row tx/s | p50 / p99 ms | chat turns/s | p50 / p99 ms | 10k-row batch ms | rows/s, 32 callers |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  for (const name of new Set(results.map((r) => r.client))) {
    const mine = results.filter((r) => r.client === name);
    results.push({
      client: `**${name}, median of ${mine.length}**`,
      lookups: {
        perSecond: median(mine.map((r) => r.lookups.perSecond)),
        p50: median(mine.map((r) => r.lookups.p50)),
        p99: median(mine.map((r) => r.lookups.p99)),
      },
      transactions: {
        perSecond: median(mine.map((r) => r.transactions.perSecond)),
        p50: median(mine.map((r) => r.transactions.p50)),
        p99: median(mine.map((r) => r.transactions.p99)),
      },
      turns: {
        perSecond: median(mine.map((r) => r.turns.perSecond)),
        p50: median(mine.map((r) => r.turns.p50)),
        p99: median(mine.map((r) => r.turns.p99)),
      },
      batchMs: median(mine.map((r) => r.batchMs)),
      rowsPerS: mine[0]?.rowsPerS === undefined ? undefined : median(mine.map((r) => r.rowsPerS ?? 0)),
    });
  }
  for (const r of results) {
    const l = r.lookups;
    const t = r.transactions;
    const c = r.turns;
    console.log(
      `| ${r.client} | ${l.perSecond} | ${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} | ${t.perSecond} | ${t.p50.toFixed(1)} / ${t.p99.toFixed(1)} | ${c.perSecond} | ${c.p50.toFixed(1)} / ${c.p99.toFixed(1)} | ${r.batchMs.toFixed(0)} | ${r.rowsPerS ?? '(fails)'} |`,
    );
  }
} finally {
  await tearDown();
}
