import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonCollection } from '../../src/store/lowdb/collection.js';
import { tempDir } from '../helpers/test-app.js';

type Item = { id: string; n: number; text?: string };
const dirs: string[] = [];
const open: JsonCollection<Item>[] = [];
async function dir(): Promise<string> {
  const d = await tempDir('bangfu-journal-');
  dirs.push(d);
  return d;
}
async function items(d: string, options = { journal: true }): Promise<JsonCollection<Item>> {
  const c = await JsonCollection.open<Item>(d, 'items', options);
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const big = (i: number): Item => ({ id: `k${i}`, n: i, text: '走访记录：两不愁三保障各项达标，继续跟踪产业项目。'.repeat(4) });

describe('a journalled collection', () => {
  it('keeps puts and removes across reopen', async () => {
    const d = await dir();
    const a = await items(d);
    await a.put({ id: 'x', n: 1 }, { id: 'y', n: 2 });
    await a.put({ id: 'x', n: 3 });
    await a.remove('y');
    await a.close();
    const b = await items(d);
    expect([...b.values()]).toEqual([{ id: 'x', n: 3 }]);
  });

  it('writes about the size of the changed record, not of the whole file', async () => {
    const d = await dir();
    const a = await items(d);
    await a.put(...Array.from({ length: 3000 }, (_, i) => big(i)));
    const fileBytes = (await stat(join(d, 'items.json'))).size;
    expect(fileBytes).toBeGreaterThan(500_000);
    const before = a.writtenBytes;
    await a.put({ ...big(7), n: -7 });
    const written = a.writtenBytes - before;
    expect(written).toBeLessThan(1000);
    await a.close();
    expect((await items(d)).get('k7')?.n).toBe(-7);
  });

  it('folds the journal into the snapshot once it outgrows it, losing nothing', async () => {
    const d = await dir();
    const a = await items(d);
    for (let round = 0; round < 4; round += 1) {
      await Promise.all(Array.from({ length: 1500 }, (_, i) => a.put({ ...big(i), n: round })));
    }
    const log = (await stat(join(d, 'items.log'))).size;
    const snapshot = (await stat(join(d, 'items.json'))).size;
    // 4 × 1,500 writes of ~250-byte records: without compaction the journal would hold ~1.5 MB.
    expect(log).toBeLessThan(Math.max(300_000, snapshot));
    expect(a.writtenBytes).toBeLessThan(6 * 1500 * 300);
    await a.close();
    const b = await items(d);
    expect(b.size).toBe(1500);
    expect([...b.values()].every((item) => item.n === 3)).toBe(true);
  });

  it('drops a torn last line (a crash mid-append) and keeps working', async () => {
    const d = await dir();
    const a = await items(d);
    await a.put({ id: 'x', n: 1 });
    await a.close();
    await appendFile(join(d, 'items.log'), '{"put":{"id":"y","n":');
    const b = await items(d);
    expect(b.get('y')).toBeUndefined();
    await b.put({ id: 'z', n: 3 });
    await b.close();
    const text = await readFile(join(d, 'items.log'), 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toHaveLength(2);
    const c = await items(d);
    expect([...c.values()].map((i) => i.id).sort()).toEqual(['x', 'z']);
  });

  it('refuses a journal that is garbled in the middle, naming it', async () => {
    const d = await dir();
    await writeFile(join(d, 'items.log'), '{"put":{"id":"x","n":1}}\nnot json\n{"put":{"id":"y","n":2}}\n');
    await expect(items(d)).rejects.toThrow(/items\.log line 2 is not valid JSON/);
  });

  it('replays a journal over a newer snapshot (a crash between snapshot and truncate) to the right state', async () => {
    const d = await dir();
    await writeFile(join(d, 'items.json'), JSON.stringify({ version: 1, items: { x: { id: 'x', n: 2 } } }));
    await writeFile(
      join(d, 'items.log'),
      ['{"put":{"id":"x","n":1}}', '{"put":{"id":"y","n":1}}', '{"del":"y"}', '{"put":{"id":"x","n":2}}', ''].join('\n'),
    );
    const a = await items(d);
    expect([...a.values()]).toEqual([{ id: 'x', n: 2 }]);
  });

  it('rolls back and rethrows when the append fails, then recovers by rewriting the snapshot', async () => {
    const d = await dir();
    const a = await items(d);
    await a.put({ id: 'keep', n: 1 });
    await a.close();
    const b = await items(d);
    // Root ignores permissions: a directory where the journal should be makes every append fail.
    await rm(join(d, 'items.log'));
    await mkdir(join(d, 'items.log'));
    await expect(b.put({ id: 'lost', n: 2 })).rejects.toThrow();
    expect(b.get('lost')).toBeUndefined();
    await rm(join(d, 'items.log'), { recursive: true });
    await b.put({ id: 'later', n: 3 });
    await b.close();
    const c = await items(d);
    expect([...c.values()].map((i) => i.id).sort()).toEqual(['keep', 'later']);
  });
});

describe('opening a collection', () => {
  it('removes temp files a crash left behind, and only its own', async () => {
    const d = await dir();
    for (const f of ['items.json.4242.tmp', 'items.3.json.77.tmp', 'other.json.4242.tmp', 'items.json'])
      await writeFile(join(d, f), '{"version":1,"items":{}}');
    await items(d);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(d)).sort()).toEqual(['items.json', 'other.json.4242.tmp']);
  });
});
