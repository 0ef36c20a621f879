import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/model/complaint.js';
import type { Store } from '../../src/store/legacy-store.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';

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

const blockOutbox = (dir: string) =>
  Promise.all(Array.from({ length: 8 }, (_, i) => mkdir(join(dir, `outbox.${i}.log`, 'blocker'), { recursive: true })));
const unblockOutbox = (dir: string) =>
  Promise.all(Array.from({ length: 8 }, (_, i) => rm(join(dir, `outbox.${i}.log`), { recursive: true, force: true })));

describe('a store transaction', () => {
  it('writes records of several collections that are all there after reopening', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await a.atomically((tx) => {
      tx.putComplaint(complaint('accepted'));
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
    });
    const b = await open(dir);
    expect(b.complaints.get('c1')?.status).toBe('accepted');
    expect((await b.outbox.takeFor('web', 'u1', AT)).map((m) => m.reply.text)).toEqual(['已受理']);
  });

  it('is applied at the next open when a collection could not take its share (a crash right after the commit)', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await blockOutbox(dir);
    await a.atomically((tx) => {
      tx.putComplaint(complaint('accepted'));
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
    });
    // A later change of the same record, written the ordinary way, must not be undone by that replay.
    await a.complaints.put(complaint('rectifying'));
    await unblockOutbox(dir);
    const b = await open(dir);
    expect(b.complaints.get('c1')?.status).toBe('rectifying');
    expect(b.outbox.counts().pending).toBe(1);
  });

  it('changes nothing, in memory or on disk, when its record cannot be written', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await mkdir(join(dir, 'transactions.log', 'blocker'), { recursive: true });
    const write = a.atomically((tx) => {
      tx.putComplaint(complaint('accepted'));
      tx.enqueue({ channel: 'web', userId: 'u1' }, { text: '已受理' }, AT);
    });
    await expect(write).rejects.toThrow();
    expect(a.complaints.get('c1')).toBeUndefined();
    expect(a.outbox.counts().pending).toBe(0);
    await rm(join(dir, 'transactions.log'), { recursive: true, force: true });
    const b = await open(dir);
    expect(b.complaints.get('c1')).toBeUndefined();
    expect(b.outbox.counts().pending).toBe(0);
  });

  it('drops a torn last line of the log (a crash mid-append): that transaction never happened', async () => {
    const dir = await tempDir('bangfu-tx-');
    dirs.push(dir);
    const a = await open(dir);
    await a.atomically((tx) => tx.putComplaint(complaint('accepted')));
    await a.close();
    stores.pop();
    await appendFile(join(dir, 'transactions.log'), '{"tx":99,"parts":[{"collection":"complaints","puts":[{"id":"c2"');
    const b = await open(dir);
    expect(b.complaints.get('c1')?.status).toBe('accepted');
    expect(b.complaints.get('c2')).toBeUndefined();
    await b.atomically((tx) => tx.putComplaint({ ...complaint('rectifying'), id: 'c3', trackingCode: 'EFGH2345' }));
    const c = await open(dir);
    expect(c.complaints.get('c3')?.status).toBe('rectifying');
  });
});
