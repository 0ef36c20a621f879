import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../../adapters/wechat/official-account/replay-guard.js';

const NOW = Date.parse('2026-03-02T01:00:00Z');
const seconds = (ms: number) => String(Math.floor(ms / 1000));

describe('ReplayGuard: callback timestamps and nonces', () => {
  it.each([
    ['now', 0, 'fresh'],
    ['exactly 5 minutes old', -300_000, 'fresh'],
    ['exactly 5 minutes ahead', 300_000, 'fresh'],
    ['5 minutes and 1 second old', -301_000, 'stale'],
    ['5 minutes and 1 second ahead', 301_000, 'stale'],
    ['a year old', -365 * 86_400_000, 'stale'],
  ])('calls a timestamp %s %s', (_name, offset, verdict) => {
    expect(new ReplayGuard().admit(seconds(NOW + offset), 'n1', NOW)).toBe(verdict);
  });

  it.each(['', 'abc', '-5', '1.5e9', '9'.repeat(13)])('calls the timestamp %j stale', (timestamp) => {
    expect(new ReplayGuard().admit(timestamp, 'n1', NOW)).toBe('stale');
  });

  it('admits a timestamp and nonce once; the same nonce at another second is another callback', async () => {
    const guard = new ReplayGuard();
    expect(guard.admit(seconds(NOW), 'n1', NOW)).toBe('fresh');
    expect(guard.admit(seconds(NOW), 'n1', NOW + 1000)).toBe('replayed');
    expect(guard.admit(seconds(NOW - 1000), 'n1', NOW + 1000)).toBe('fresh');
  });

  it('forgets pairs once their timestamp is out of the window, and still refuses their replay', async () => {
    const guard = new ReplayGuard();
    for (let i = 0; i < 100; i += 1) guard.admit(seconds(NOW), `n${i}`, NOW);
    expect(guard.size).toBe(100);
    const later = NOW + 301_000;
    expect(guard.admit(seconds(later), 'other', later)).toBe('fresh');
    expect(guard.size).toBe(1);
    expect(guard.admit(seconds(NOW), 'n1', later)).toBe('stale');
  });

  it('stays within its capacity and refuses, as stale, a replay of a pair it had to forget early', async () => {
    const guard = new ReplayGuard(300_000, 3);
    for (let i = 0; i < 5; i += 1) expect(guard.admit(seconds(NOW + i * 1000), `n${i}`, NOW + i * 1000)).toBe('fresh');
    expect(guard.size).toBe(3);
    expect(guard.admit(seconds(NOW), 'n0', NOW + 5000)).toBe('stale');
    expect(guard.admit(seconds(NOW + 1000), 'n1', NOW + 5000)).toBe('stale');
    expect(guard.admit(seconds(NOW + 4000), 'n4', NOW + 5000)).toBe('replayed');
    expect(guard.admit(seconds(NOW + 5000), 'n5', NOW + 5000)).toBe('fresh');
  });
});
