import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CheckState, Readiness } from '../../src/ops/readiness.js';
import { PROBE_KEY, storeCheck } from '../../src/ops/store-check.js';

/** An in-memory MetaRepo whose writes can be made to fail or hang. */
function fakeMeta() {
  const values = new Map<string, string>();
  const meta = {
    writes: 0,
    mode: 'ok' as 'ok' | 'fail' | 'hang' | 'lose',
    get: async (id: string) => values.get(id),
    set: (id: string, value: string): Promise<void> => {
      meta.writes += 1;
      if (meta.mode === 'fail') return Promise.reject(new Error('EROFS: read-only file system'));
      if (meta.mode === 'hang') return new Promise(() => {});
      if (meta.mode === 'ok') values.set(id, value);
      return Promise.resolve();
    },
  };
  return meta;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Readiness', () => {
  it.each<[Record<string, CheckState>, string]>([
    [{}, 'ok'],
    [{ store: 'ok', telegram: 'ok' }, 'ok'],
    [{ store: 'ok', telegram: 'starting' }, 'starting'],
    [{ store: 'failed', telegram: 'starting' }, 'degraded'],
    [{ store: 'ok', wechat: 'failed' }, 'degraded'],
  ])('checks %j make it %s', async (states, status) => {
    const readiness = new Readiness();
    for (const [name, state] of Object.entries(states)) readiness.set(name, () => state);
    expect(await readiness.report()).toEqual({ status, checks: states });
  });

  it('counts a probe that throws as failed', async () => {
    const readiness = new Readiness();
    readiness.set('store', () => {
      throw new Error('boom');
    });
    readiness.set('telegram', () => Promise.reject(new Error('boom')));
    expect(await readiness.report()).toEqual({ status: 'degraded', checks: { store: 'failed', telegram: 'failed' } });
  });

  it('tracks a channel: starting while it starts, then what the adapter says', async () => {
    const readiness = new Readiness();
    let finish: (adapter: { running: boolean }) => void = () => {};
    const started = readiness.track(
      'telegram',
      () => new Promise<{ running: boolean }>((resolve) => (finish = resolve)),
      (adapter) => (adapter.running ? 'ok' : 'failed'),
    );
    expect((await readiness.report()).checks.telegram).toBe('starting');
    const adapter = { running: true };
    finish(adapter);
    expect(await started).toBe(adapter);
    expect(await readiness.report()).toEqual({ status: 'ok', checks: { telegram: 'ok' } });
    adapter.running = false;
    expect(await readiness.report()).toEqual({ status: 'degraded', checks: { telegram: 'failed' } });
  });

  it('marks a channel whose start threw as failed and rethrows', async () => {
    const readiness = new Readiness();
    const error = new Error('getMe failed');
    await expect(
      readiness.track(
        'telegram',
        () => Promise.reject(error),
        () => 'ok',
      ),
    ).rejects.toBe(error);
    expect(await readiness.report()).toEqual({ status: 'degraded', checks: { telegram: 'failed' } });
  });
});

describe('storeCheck', () => {
  const now = () => new Date('2026-03-01T08:00:00Z');

  it('writes the probe record and reads it back', async () => {
    const meta = fakeMeta();
    expect(await storeCheck({ meta, now })()).toBe('ok');
    expect(await meta.get(PROBE_KEY)).toBe('2026-03-01T08:00:00.000Z');
  });

  it.each(['fail', 'lose'] as const)('is failed when the write %ss, and reports the failure once', async (mode) => {
    const meta = fakeMeta();
    meta.mode = mode;
    const failures: unknown[] = [];
    const check = storeCheck({ meta, now, onFailure: (error) => failures.push(error) });
    expect(await check()).toBe('failed');
    expect(await check()).toBe('failed');
    expect(failures).toHaveLength(1);
    meta.mode = 'ok';
    expect(await check()).toBe('ok');
  });

  it('is failed when a write does not finish in time (a stalled disk)', async () => {
    vi.useFakeTimers();
    const meta = fakeMeta();
    meta.mode = 'hang';
    const result = storeCheck({ meta, now, timeoutMs: 2000 })();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await result).toBe('failed');
  });

  it('lets concurrent probes share one write', async () => {
    const meta = fakeMeta();
    const check = storeCheck({ meta, now });
    expect(await Promise.all([check(), check(), check()])).toEqual(['ok', 'ok', 'ok']);
    expect(meta.writes).toBe(1);
  });
});
