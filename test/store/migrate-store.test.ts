import { type ChildProcess, spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_CHECK_META } from '../../src/data-dir/open.js';
import type { Complaint } from '../../src/model/complaint.js';
import { createReplyAddressBook } from '../../src/privacy/reply-address.js';
import { CountMismatchError, copyStore } from '../../src/store/copy-store.js';
import { openPgStore } from '../../src/store/postgres/open-store.js';
import type { Store } from '../../src/store/store.js';
import { COLLECTIONS, type CollectionName, type StoreExport, type StoreLoad } from '../../src/store/store-export.js';
import { cadre, visit } from '../admin/ledger-fixtures.js';
import { createTestApp, TEST_HASH_KEY, tempDir } from '../helpers/test-app.js';
import { createTestSchema, type PgSchema, testDatabaseReachable } from './postgres/pg-fixture.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const NOW = new Date('2026-03-02T02:00:00Z');
const ANON = 'anon-reporter-7f31c2';
const BOUND = 'bound-user-5d20aa';

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/store/migrate-store-cli.ts', ...args], { cwd: ROOT, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every record's count through the Store interface, the same way on both stores. */
async function storeCounts(store: Store) {
  const complaints = await store.complaints.search({ pageSize: 1 });
  const applications = await store.applications.search({ pageSize: 1 });
  const visits = await store.visits.search({ pageSize: 1 });
  const feedback = await store.feedback.search({ pageSize: 1 });
  return {
    households: await store.households.count(),
    sessions: await store.sessions.count(),
    staff: await store.staff.count(),
    cadres: (await store.cadres.list()).length,
    complaints: complaints.total,
    applications: applications.total,
    visits: visits.total,
    feedback: feedback.total,
    outbox: await store.outbox.counts(),
    audit: await store.audit.count({}),
  };
}

/** An in-memory target that stores what it is given, but drops the record `lose` names. */
function memoryTarget(lose?: { name: CollectionName; id: string }) {
  const held = new Map<CollectionName, unknown[]>();
  const batches: number[] = [];
  const target: StoreLoad = {
    counts: async () => Object.fromEntries(COLLECTIONS.map((n) => [n, held.get(n)?.length ?? 0])) as Record<CollectionName, number>,
    clear: async () => held.clear(),
    load: async (name, records) => {
      batches.push(records.length);
      const kept = records.filter((r) => !(lose?.name === name && (r as { id?: string }).id === lose.id));
      held.set(name, [...(held.get(name) ?? []), ...kept]);
    },
    finish: async () => {},
  };
  return { target, held, batches };
}

const memorySource = (records: Partial<Record<CollectionName, { id: string; value: string }[]>>): StoreExport => ({
  count: async (name) => records[name]?.length ?? 0,
  async *batches(name, size) {
    const all = records[name] ?? [];
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size) as never;
  },
});

describe('copyStore', () => {
  const meta = Array.from({ length: 5 }, (_, i) => ({ id: `m${i}`, value: String(i) }));

  it('copies in batches and reports equal counts', async () => {
    const { target, held, batches } = memoryTarget();
    const result = await copyStore(memorySource({ meta }), target, { batchSize: 2 });
    expect(batches).toEqual([2, 2, 1]);
    expect(held.get('meta')).toEqual(meta);
    expect(result.rows).toBe(5);
    expect(result.counts.find((c) => c.name === 'meta')).toEqual({ name: 'meta', source: 5, target: 5 });
  });

  it('throws CountMismatchError naming the collection when the target holds fewer', async () => {
    const { target } = memoryTarget({ name: 'meta', id: 'm3' });
    const error = await copyStore(memorySource({ meta }), target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CountMismatchError);
    expect((error as Error).message).toBe('The copy does not match the source: meta (5 in the source, 4 copied).');
  });
});

const reachable = await testDatabaseReachable();

describe.skipIf(!reachable)('npm run migrate-store', () => {
  let schema: PgSchema;
  let pool: pg.Pool;
  let work: string;
  let dataDir: string;
  let to: string;
  let anonymous: Complaint;
  let named: Complaint;
  let before: Awaited<ReturnType<typeof storeCounts>>;
  let keyCheck: string | undefined;
  let sourceHousehold: unknown;

  beforeAll(async () => {
    schema = await createTestSchema();
    pool = schema.pool(2);
    to = `${schema.url}?options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    work = await tempDir('bangfu-migrate-');
    dataDir = join(work, 'data');
    const app = await createTestApp({ SEED_DEMO: '1' }, { dataDir, now: () => NOW });
    try {
      const { store } = app;
      const [household] = (await store.households.search({ pageSize: 1 })).items;
      if (!household) throw new Error('the demo data dir has no household');
      sourceHousehold = household;
      await cadre(app, 'C-M1', '周帮扶', [household.village]);
      await store.bindings.bind({ id: `web:${BOUND}`, kind: 'household', targetId: household.id, boundAt: NOW.toISOString() });
      anonymous = await app.complaints.create(
        {
          category: '扶贫资金发放问题',
          township: household.township,
          village: household.village,
          description: '产业奖补没有发',
          anonymous: true,
          from: { channel: 'web', userId: ANON },
        },
        NOW,
      );
      // Accepting it tells the anonymous reporter: a pending message to the sealed address.
      expect((await app.complaints.transition(anonymous.id, { to: 'accepted', note: '', assignee: '县纪委监委' }, '李科长', NOW)).ok).toBe(
        true,
      );
      named = await app.complaints.create(
        { category: '其他', township: household.township, village: household.village, description: '路灯坏了', anonymous: false },
        NOW,
      );
      await app.applications.create(
        {
          event: '生病住院',
          eventDate: '2026-02-20',
          help: '医疗费报销后还差一万多',
          householdId: household.id,
          township: household.township,
          village: household.village,
          consent: true,
        },
        NOW,
      );
      await visit(app, { id: 'V-M1', cadreId: 'C-M1', householdId: household.id, village: household.village, date: '2026-03-01' });
      await store.outbox.enqueue('web', BOUND, { text: '您好，走访安排在下周。' }, NOW);
      await store.attempts.recordFailure(['verify:web:someone'], NOW);
      await store.inbound.noteInbound('web', BOUND, NOW);
      // An open form: its answers go along.
      await app.chat('open-form-user', '反映问题');
      before = await storeCounts(store);
      anonymous = (await store.complaints.get(anonymous.id)) as Complaint;
      keyCheck = await store.meta.get(KEY_CHECK_META);
    } finally {
      await app.close();
    }
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const openTarget = () =>
    openPgStore({ url: schema.url, schema: schema.schema, max: 2, lockConnections: 1, addresses: createReplyAddressBook(TEST_HASH_KEY) });

  it('refuses without --from or --to', async () => {
    const run = await runCli(['--from', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Both --from (the data dir) and --to (the PostgreSQL URL) are needed');
  });

  it('refuses a data dir a running Bangfu holds, and copies nothing', async () => {
    // lock.ts treats our own pid as stale, so a separate live process holds the lock.
    const sleeper: ChildProcess = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(join(dataDir, '.lock'), String(sleeper.pid));
      const run = await runCli(['--from', dataDir, '--to', to]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`is in use by process ${sleeper.pid}`);
      expect(run.stderr).toContain('Stop Bangfu first');
    } finally {
      sleeper.kill();
      await rm(join(dataDir, '.lock'), { force: true });
    }
    const { rows } = await pool.query(`select to_regclass('households') as t`);
    expect(rows[0].t).toBeNull();
  });

  it('copies every collection, verifies the counts and keeps IDs hashed and reply addresses sealed', async () => {
    const run = await runCli(['--from', dataDir, '--to', to]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^complaints\s+2\s+2$/m);
    expect(run.stdout).toMatch(/^outbox\s+2\s+2$/m);
    expect(run.stdout).toContain('every count matches');
    expect(run.stdout).toContain('same ID_HASH_KEY');

    const store = await openTarget();
    try {
      expect(await storeCounts(store)).toEqual(before);
      expect(before.outbox.pending).toBe(2);
      expect(await store.meta.get('dataDir:mode')).toBe('demo');
      expect(await store.meta.get(KEY_CHECK_META)).toBe(keyCheck);
      expect(await store.households.get((sourceHousehold as { id: string }).id)).toEqual(sourceHousehold);
      expect(await store.complaints.get(named.id)).toEqual(named);
      expect(await store.visits.get('V-M1')).toMatchObject({ cadreId: 'C-M1', date: '2026-03-01' });
      expect(await store.bindings.get('web', BOUND)).toMatchObject({ kind: 'household' });
      expect((await store.sessions.getSession('web:open-form-user'))?.form).toBeDefined();
      expect(await store.attempts.failuresSince('verify:web:someone', new Date(NOW.getTime() - 60_000))).toBe(1);
      expect(await store.inbound.lastInbound('web', BOUND)).toEqual(NOW);

      // The anonymous complaint is as it was: sealed, with no chat id anywhere in the database.
      const copied = (await store.complaints.get(anonymous.id)) as Complaint;
      expect(copied).toEqual(anonymous);
      expect(copied.replyTo?.sealed).toMatch(/^v1\./);
      expect(copied.reporter).toBeUndefined();
      for (const table of ['complaints', 'outbox', 'audit', 'meta']) {
        const { rows } = await pool.query(`select t::text as row from ${table} t`);
        expect(rows.map((r) => r.row).join('\n')).not.toContain(ANON);
      }
      // Still deliverable with the same key: the web channel finds it by the sealed address's tag and opens it.
      const taken = await store.outbox.takeFor('web', ANON, NOW);
      expect(taken.map((m) => m.reply.text)).toEqual([expect.stringContaining('已受理')]);
    } finally {
      await store.close();
    }
  });

  it('refuses a second run into the filled database without --force and changes nothing; with --force it replaces it', async () => {
    await pool.query(`insert into meta (id, value) values ('migrate-test:marker', 'kept')`);
    const refused = await runCli(['--from', dataDir, '--to', to]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The database already holds data');
    expect(refused.stderr).toContain('--force');
    const marker = await pool.query(`select value from meta where id = 'migrate-test:marker'`);
    expect(marker.rows).toEqual([{ value: 'kept' }]);
    const sent = await pool.query(`select count(*)::int as n from outbox where status = 'sent'`);
    expect(sent.rows[0].n).toBe(1);

    const forced = await runCli(['--from', dataDir, '--to', to, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Replaced what the database held');
    expect((await pool.query(`select value from meta where id = 'migrate-test:marker'`)).rows).toEqual([]);
    const store = await openTarget();
    try {
      expect(await storeCounts(store)).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
