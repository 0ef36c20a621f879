import { describe, expect, it } from 'vitest';
import { type Backoff, backoffWait, requesterKey, tryAgainIn } from '../../src/flows/household/verify-limits.js';

const MIN = 60_000;
const LIMIT: Backoff = { windowMs: 24 * 60 * MIN, free: 2, firstWaitMs: MIN, max: 5 };
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (...minutes: number[]) => minutes.map((m) => new Date(T0 + m * MIN));

describe('backoffWait', () => {
  it.each([
    ['no failures', [], 0, 0],
    ['fewer than the free ones', [0], 0, 0],
    ['the free ones used: 1 min after the last', [0, 1], 1, MIN],
    ['… and past it', [0, 1], 2, 0],
    ['one more: 2 min after the last', [0, 1, 2], 3, MIN],
    ['two more: 4 min after the last', [0, 1, 2, 4], 5, 3 * MIN],
    ['at the cap: until the oldest leaves the window', [0, 1, 2, 4, 8], 100, 24 * 60 * MIN - 100 * MIN],
  ])('%s', (_case, minutes, nowMinute, expected) => {
    expect(backoffWait(at(...minutes), new Date(T0 + nowMinute * MIN), LIMIT)).toBe(expected);
  });
});

describe('requesterKey', () => {
  it('uses the client key the channel vouches for, else the platform user', async () => {
    const base = { channel: 'web', userId: 'anything', kind: 'text' as const, receivedAt: new Date(T0) };
    expect(requesterKey({ ...base, clientKey: '203.0.113.7' })).toBe('client:203.0.113.7');
    expect(requesterKey({ ...base, channel: 'telegram', userId: '42' })).toBe('user:telegram:42');
  });
});

describe('tryAgainIn', () => {
  it.each([
    [1, '请 1 分钟后再试'],
    [59 * MIN, '请 59 分钟后再试'],
    [61 * MIN, '请 2 小时后再试'],
    [23 * 60 * MIN, '请 23 小时后再试'],
    [24 * 60 * MIN, '请明天再试'],
  ])('%i ms → %s', (ms, text) => {
    expect(tryAgainIn(ms)).toBe(text);
  });
});
