import { chmod, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/store/lock.js';
import { JsonCollection } from '../../src/store/lowdb/collection.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';

type Item = { id: string; n: number };
const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await tempDir('bangfu-store-');
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await chmod(d, 0o755).catch(() => {});
    await rm(d, { recursive: true, force: true });
  }
});

describe('JsonCollection', () => {
  it('persists records across reopen', async () => {
    const d = await dir();
    const a = await JsonCollection.open<Item>(d, 'items');
    await a.put({ id: 'x', n: 1 }, { id: 'y', n: 2 });
    await a.remove('y');
    const b = await JsonCollection.open<Item>(d, 'items');
    expect([...b.values()]).toEqual([{ id: 'x', n: 1 }]);
  });

  it('spreads a sharded collection over several small files and reads them all back', async () => {
    const d = await dir();
    const a = await JsonCollection.open<Item>(d, 'hot', { shards: 4 });
    await a.put(...Array.from({ length: 40 }, (_, i) => ({ id: `k${i}`, n: i })));
    const files = (await readdir(d)).filter((f) => f.startsWith('hot.'));
    expect(files).toHaveLength(4);
    const b = await JsonCollection.open<Item>(d, 'hot', { shards: 4 });
    expect(b.size).toBe(40);
    expect(b.get('k7')).toEqual({ id: 'k7', n: 7 });
  });

  it('writes compact JSON atomically and leaves no temp files', async () => {
    const d = await dir();
    const a = await JsonCollection.open<Item>(d, 'items');
    await Promise.all(Array.from({ length: 50 }, (_, i) => a.put({ id: `k${i}`, n: i })));
    const text = await readFile(join(d, 'items.json'), 'utf8');
    expect(text).not.toContain('\n');
    expect(Object.keys(JSON.parse(text).items)).toHaveLength(50);
    expect((await readdir(d)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('loses no update when many writes overlap', async () => {
    const d = await dir();
    const a = await JsonCollection.open<Item>(d, 'items');
    await a.put({ id: 'c', n: 0 });
    await Promise.all(
      Array.from({ length: 50 }, () => {
        const current = a.get('c') as Item;
        return a.put({ id: 'c', n: current.n + 1 });
      }),
    );
    const b = await JsonCollection.open<Item>(d, 'items');
    expect(b.get('c')?.n).toBe(50);
  });

  it('rolls back memory and rethrows when the disk write fails', async () => {
    if (process.getuid?.() === 0) return expectRootCanStillFail();
    const d = await dir();
    const a = await JsonCollection.open<Item>(d, 'items');
    await a.put({ id: 'keep', n: 1 });
    await chmod(d, 0o500);
    await expect(a.put({ id: 'lost', n: 2 })).rejects.toThrow();
    expect(a.get('lost')).toBeUndefined();
    expect(a.get('keep')).toEqual({ id: 'keep', n: 1 });
  });

  it('refuses to open a file that is not valid JSON, naming it', async () => {
    const d = await dir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(d, 'items.json'), '{"version":1,"items":{');
    await expect(JsonCollection.open<Item>(d, 'items')).rejects.toThrow(/items\.json is not valid JSON/);
  });
});

async function expectRootCanStillFail(): Promise<void> {
  // Root ignores directory permissions, so make the target path a directory instead: rename onto it fails.
  const d = await dir();
  const { mkdir } = await import('node:fs/promises');
  const a = await JsonCollection.open<Item>(d, 'items');
  await a.put({ id: 'keep', n: 1 });
  await rm(join(d, 'items.json'));
  await mkdir(join(d, 'items.json', 'blocker'), { recursive: true });
  await expect(a.put({ id: 'lost', n: 2 })).rejects.toThrow();
  expect(a.get('lost')).toBeUndefined();
  expect(a.get('keep')).toEqual({ id: 'keep', n: 1 });
}

describe('data dir lock', () => {
  it('lets one process own a data dir', async () => {
    const d = await dir();
    const { spawn } = await import('node:child_process');
    const sleeper = spawn('sleep', ['30']);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(d, '.lock'), String(sleeper.pid));
    try {
      expect(() => lockDataDir(d)).toThrow(DataDirLockedError);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over a stale lock and releases it on close', async () => {
    const d = await dir();
    const { writeFile, access } = await import('node:fs/promises');
    await writeFile(join(d, '.lock'), '999999999');
    const store = await openLowStore(d);
    await store.close();
    await expect(access(join(d, '.lock'))).rejects.toThrow();
  });
});
