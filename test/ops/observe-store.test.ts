import { describe, expect, it } from 'vitest';
import { OUTSIDE_WINDOW } from '../../adapters/wechat/official-account/sender.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { observeStore, type StoreCall } from '../../src/ops/observe-store.js';
import { type FailureReason, OutboxEvents, retryReason } from '../../src/ops/outbox-events.js';
import { createTestApp } from '../helpers/test-app.js';

class Repo {
  private readonly items = new Map<string, string>();
  get(id: string): string | undefined {
    return this.items.get(id);
  }
  async put(id: string, value: string): Promise<void> {
    if (value === 'bad') throw new Error('disk full');
    this.items.set(id, value);
  }
  remove(id: string): void {
    throw new Error(`no ${id}`);
  }
}

describe('observeStore', () => {
  it('reports the selected calls with their result or error, and changes nothing for the caller', async () => {
    const calls: StoreCall[] = [];
    const store = observeStore(
      { repo: new Repo(), name: 'plain' },
      (_repo, method) => method !== 'get',
      (call) => calls.push(call),
    );
    await store.repo.put('a', '1');
    expect(await store.repo.get('a')).toBe('1');
    await expect(store.repo.put('b', 'bad')).rejects.toThrow('disk full');
    expect(() => store.repo.remove('c')).toThrow('no c');
    expect(store.name).toBe('plain');
    expect(
      calls.map(({ repo, method, args, result, error }) => ({ repo, method, args, result, error: (error as Error)?.message })),
    ).toEqual([
      { repo: 'repo', method: 'put', args: ['a', '1'], result: undefined, error: undefined },
      { repo: 'repo', method: 'put', args: ['b', 'bad'], result: undefined, error: 'disk full' },
      { repo: 'repo', method: 'remove', args: ['c'], result: undefined, error: 'no c' },
    ]);
    expect(calls.every((c) => c.seconds >= 0)).toBe(true);
  });

  it('follows a method replaced on the repo', async () => {
    const calls: StoreCall[] = [];
    const store = observeStore(
      { repo: new Repo() },
      () => true,
      (call) => calls.push(call),
    );
    store.repo.get = () => 'replaced';
    expect(await store.repo.get('x')).toBe('replaced');
    expect(calls.at(-1)?.result).toBe('replaced');
  });
});

describe('store write metrics', () => {
  it('counts failed writes by operation instead of timing them', async () => {
    const app = await createTestApp();
    try {
      app.store.meta.set = () => Promise.reject(new Error('EROFS'));
      await expect(app.store.meta.set('x', 'y')).rejects.toThrow('EROFS');
      const text = await app.metrics.render();
      expect(text).toContain('bangfu_store_write_errors_total{operation="meta.set"} 1');
      expect(text).not.toContain('bangfu_store_write_duration_seconds_count{operation="meta.set"}');
    } finally {
      await app.dispose();
    }
  });

  it.each([
    ['saveSession', true],
    ['markSent', true],
    ['put', true],
    ['set', true],
    ['takeFor', true],
    ['get', false],
    ['byTrackingCode', false],
    ['assignedHouseholds', false],
    ['settings', false],
    ['pending', false],
    ['transaction', true],
  ])('%s is a write: %s', (method, write) => {
    expect(createMetrics().watchStore('households', method)).toBe(write);
  });
});

describe('outbox failure reasons', () => {
  it.each<[string, FailureReason]>([
    [OUTSIDE_WINDOW, 'outside-window'],
    ['sendMessage: 429 Too Many Requests: retry after 5', 'rate-limited'],
    ['message/custom/send: WeChat answered errcode 45047 out of response count limit', 'rate-limited'],
    ['Network request for sendMessage failed! (connect ECONNREFUSED 127.0.0.1:443)', 'network'],
    ['fetch failed', 'network'],
    ['request timed out', 'network'],
    ['sendMessage: 500 Internal Server Error', 'other'],
  ])('%s → %s', (error, reason) => {
    expect(retryReason(error)).toBe(reason);
  });

  it('names the channel from the claimed messages, and "unknown" for a message it never saw claimed', async () => {
    const events: string[] = [];
    const outbox = new OutboxEvents({
      delivered: (channel, n) => events.push(`delivered ${channel} ${n}`),
      failed: (channel, reason) => events.push(`failed ${channel} ${reason}`),
    });
    const call = (method: string, args: unknown[], result?: unknown): StoreCall => ({ repo: 'outbox', method, args, result, seconds: 0 });
    outbox.observe(call('claim', ['wechat-oa', new Date(), { limit: 10, leaseMs: 60_000 }], [{ id: 'm1', channel: 'wechat-oa' }]));
    outbox.observe(call('claim', ['telegram', new Date(), { limit: 10, leaseMs: 60_000 }], [{ id: 'm2', channel: 'telegram' }]));
    outbox.observe(call('release', [['m2']]));
    outbox.observe(call('markRetry', ['m2', 'fetch failed', new Date()]));
    outbox.observe(call('markRetry', ['m1', OUTSIDE_WINDOW, new Date()]));
    outbox.observe(call('markSent', ['m1', new Date()]));
    outbox.observe(call('markUnreachable', ['m9', 'gone']));
    outbox.observe({ ...call('markSent', ['m1', new Date()]), error: new Error('disk full') });
    outbox.observe(call('takeFor', ['web', 'u1', new Date()], []));
    expect(events).toEqual([
      'failed unknown network',
      'failed wechat-oa outside-window',
      'delivered wechat-oa 1',
      'failed unknown unreachable',
    ]);
  });
});
