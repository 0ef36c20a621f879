import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cached } from '../../../src/store/postgres/households.js';

/** A load whose calls are counted and each resolved by hand. */
function loads() {
  const pending: ((value: number) => void)[] = [];
  const load = () => new Promise<number>((resolve) => pending.push(resolve));
  return { load, pending };
}

describe('Cached registry figures', () => {
  afterEach(() => vi.useRealTimers());

  it('serves the old figure while the next one loads, once a minute has passed', async () => {
    vi.useFakeTimers({ now: 0 });
    const { load, pending } = loads();
    const cached = new Cached(load);
    const first = cached.get();
    pending[0]?.(1);
    expect(await first).toBe(1);
    expect(await cached.get()).toBe(1);
    expect(pending).toHaveLength(1);
    vi.setSystemTime(61_000);
    expect(await cached.get()).toBe(1);
    expect(await cached.get()).toBe(1);
    expect(pending).toHaveLength(2);
    pending[1]?.(2);
    await vi.waitFor(async () => expect(await cached.get()).toBe(2));
  });

  it('makes the next caller wait for a fresh figure after clear(), and drops a reload started before it', async () => {
    vi.useFakeTimers({ now: 0 });
    const { load, pending } = loads();
    const cached = new Cached(load);
    const first = cached.get();
    pending[0]?.(1);
    await first;
    vi.setSystemTime(61_000);
    await cached.get();
    cached.clear();
    const afterWrite = cached.get();
    pending[1]?.(2);
    pending[2]?.(3);
    expect(await afterWrite).toBe(3);
    await Promise.resolve();
    expect(await cached.get()).toBe(3);
  });

  it('loads again after a failed first load', async () => {
    let calls = 0;
    const cached = new Cached(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
      return 7;
    });
    await expect(cached.get()).rejects.toThrow('database away');
    expect(await cached.get()).toBe(7);
  });
});
