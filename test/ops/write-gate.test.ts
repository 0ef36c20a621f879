import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guardStore } from '../../src/backup/guard-store.js';
import { GateTimeoutError, WriteGate } from '../../src/backup/write-gate.js';
import { openLowStore } from '../../src/store/lowdb/open-store.js';
import { tempDir } from '../helpers/test-app.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('the write gate a backup holds', () => {
  it('waits for writes in flight, keeps new ones waiting, then runs them in order', async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    const inFlight = deferred();
    void gate.run(() => inFlight.promise.then(() => void events.push('in flight done')));
    const held = gate.hold(async () => {
      events.push('copy');
    });
    const later = [1, 2, 3].map((n) => gate.run(async () => void events.push(`later ${n}`)));
    await tick();
    expect(events).toEqual([]);
    inFlight.resolve();
    await held;
    await Promise.all(later);
    expect(events).toEqual(['in flight done', 'copy', 'later 1', 'later 2', 'later 3']);
  });

  it('runs a write at once, in the same tick, when no backup holds the gate', () => {
    const gate = new WriteGate();
    let ran = false;
    void gate.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('gives up when a write never finishes, and opens the gate again', async () => {
    const gate = new WriteGate();
    void gate.track(new Promise(() => {}));
    await expect(gate.hold(async () => 'copied', 50)).rejects.toBeInstanceOf(GateTimeoutError);
    let ran = false;
    await gate.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('holds a store write off the disk until the hold ends, while reads answer at once', async () => {
    const dir = await tempDir('bangfu-gate-');
    dirs.push(dir);
    const raw = await openLowStore(dir);
    await raw.meta.set('before', '1');
    const gate = new WriteGate();
    const store = guardStore(raw, gate);
    let write: Promise<void> | undefined;
    await gate.hold(async () => {
      write = store.meta.set('during', '2');
      await tick();
      expect(store.meta.get('before')).toBe('1');
      expect(store.meta.get('during')).toBeUndefined();
      expect(await readFile(join(dir, 'meta.json'), 'utf8')).not.toContain('during');
    });
    await write;
    expect(store.meta.get('during')).toBe('2');
    expect(await readFile(join(dir, 'meta.json'), 'utf8')).toContain('during');
    await store.close();
  });
});
