import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Complaint } from '../../../src/model/complaint.js';
import { openLowStore } from '../../../src/store/lowdb/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { tempDir } from '../../helpers/test-app.js';

const AT = new Date('2026-11-27T02:00:00Z');
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  // Newest first: a store abandoned mid-test ("crashed") is closed last, so its lock release harms nobody.
  for (const s of stores.splice(0).reverse()) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function open(dir: string): Promise<Store> {
  const store = await openLowStore(dir);
  stores.push(store);
  return store;
}

const complaint = (status: Complaint['status']): Complaint => ({
  id: 'c1',
  trackingCode: 'ABCD2345',
  category: '其他',
  township: '青山乡',
  village: '石桥村',
  description: '路灯坏了三个月',
  anonymous: false,
  sensitive: false,
  status,
  reopenCount: 0,
  history: [],
  createdAt: AT.toISOString(),
  updatedAt: AT.toISOString(),
});

const logOf = (dir: string) => join(dir, 'store.log');

describe('a store transaction', () => {
  it('writes records of several collections as one log line, all there after a crash', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await a.transaction(async (tx) => {
      tx.put('complaints', complaint('accepted'));
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
    });
    const lines = (await readFile(logOf(dir), 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(
      JSON.parse(lines[0] as string)
        .p.map((part: { c: string }) => part.c)
        .sort(),
    ).toEqual(['complaints', 'outbox']);
    // Opened again without closing the first: only what is on disk counts.
    const b = await open(dir);
    expect((await b.complaints.get('c1'))?.status).toBe('accepted');
    expect((await b.outbox.takeFor('web', 'u1', AT)).map((m) => m.reply.text)).toEqual(['已受理']);
  });

  it('changes nothing, in memory or on disk, when its line cannot be written', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    // Root ignores file modes: a directory where the log should be makes every append fail.
    await mkdir(join(logOf(dir), 'blocker'), { recursive: true });
    const write = a.transaction(async (tx) => {
      tx.put('complaints', complaint('accepted'));
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
    });
    await expect(write).rejects.toThrow();
    expect(await a.complaints.get('c1')).toBeUndefined();
    expect((await a.outbox.counts()).pending).toBe(0);
    await rm(logOf(dir), { recursive: true, force: true });
    const b = await open(dir);
    expect(await b.complaints.get('c1')).toBeUndefined();
    expect((await b.outbox.counts()).pending).toBe(0);
  });

  it('drops a torn last line of the log (a crash mid-append): that change never happened', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await a.transaction(async (tx) => tx.put('complaints', complaint('accepted')));
    await a.close();
    stores.pop();
    await appendFile(logOf(dir), '{"p":[{"c":"complaints","puts":[{"id":"c2"');
    const b = await open(dir);
    expect((await b.complaints.get('c1'))?.status).toBe('accepted');
    expect(await b.complaints.get('c2')).toBeUndefined();
    await b.transaction(async (tx) => tx.put('complaints', { ...complaint('rectifying'), id: 'c3', trackingCode: 'EFGH2345' }));
    const c = await open(dir);
    expect((await c.complaints.get('c3'))?.status).toBe('rectifying');
  });

  it('refuses a log garbled in the middle, naming it, and leaves it alone', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const good = '{"p":[{"c":"meta","puts":[{"id":"k","value":"v"}],"dels":[]}]}';
    await writeFile(logOf(dir), `${good}\nnot json\n${good}\n`);
    await expect(openLowStore(dir)).rejects.toThrow(/store\.log line 2 is not valid JSON/);
    expect(await readFile(logOf(dir), 'utf8')).toContain('not json');
  });
});

describe('a data dir written before store.log', () => {
  it('is read the old way (journals per collection, transactions.log) and folded into the snapshots once', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    await writeFile(join(dir, 'meta.json'), JSON.stringify({ version: 1, items: { old: { id: 'old', value: 'snapshot' } } }));
    await writeFile(
      join(dir, 'bindings.log'),
      `${JSON.stringify({ put: { id: 'web:u1', kind: 'household', targetId: 'H1', boundAt: 'x' } })}\n`,
    );
    // A transaction the complaints shards never took (a crash right after its commit), and one a shard already holds.
    const held = { ...complaint('closed'), id: 'c0', trackingCode: 'HELD2345' };
    await writeFile(
      join(dir, 'transactions.log'),
      [
        JSON.stringify({ tx: 1, parts: [{ collection: 'complaints', puts: [held], dels: [] }] }),
        JSON.stringify({
          tx: 2,
          parts: [
            { collection: 'complaints', puts: [complaint('accepted')], dels: [] },
            { collection: 'meta', puts: [{ id: 'run', value: 'day' }], dels: [] },
          ],
        }),
        '',
      ].join('\n'),
    );
    const a = await open(dir);
    expect(await a.meta.get('old')).toBe('snapshot');
    expect(await a.meta.get('run')).toBe('day');
    expect((await a.bindings.get('web', 'u1'))?.targetId).toBe('H1');
    expect((await a.complaints.get('c1'))?.status).toBe('accepted');
    expect((await a.complaints.get('c0'))?.status).toBe('closed');
    const files = await readdir(dir);
    expect(files).not.toContain('transactions.log');
    expect(files).not.toContain('bindings.log');
    await a.close();
    stores.pop();
    const b = await open(dir);
    expect((await b.complaints.get('c1'))?.status).toBe('accepted');
    expect((await b.bindings.get('web', 'u1'))?.targetId).toBe('H1');
  });
});
