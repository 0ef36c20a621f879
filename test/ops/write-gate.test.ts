import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GateTimeoutError, WriteGate } from '../../src/backup/write-gate.js';
import { GroupLog } from '../../src/store/lowdb/group-log.js';
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

  it('holds the store log off the disk until the hold ends, and confirms the write only after it', async () => {
    const dir = await tempDir('bangfu-gate-');
    dirs.push(dir);
    const gate = new WriteGate();
    const log = new GroupLog(join(dir, 'store.log'), async () => 0, 0, gate);
    await log.commit([{ c: 'meta', puts: [{ id: 'before' }], dels: [] }]);
    let confirmed = false;
    let write: Promise<void> | undefined;
    await gate.hold(async () => {
      write = log.commit([{ c: 'meta', puts: [{ id: 'during' }], dels: [] }]).then(() => {
        confirmed = true;
      });
      await tick();
      expect(confirmed).toBe(false);
      const text = await readFile(join(dir, 'store.log'), 'utf8');
      expect(text).toContain('before');
      expect(text).not.toContain('during');
    });
    await write;
    expect(confirmed).toBe(true);
    expect(await readFile(join(dir, 'store.log'), 'utf8')).toContain('during');
    await log.close();
  });
});
