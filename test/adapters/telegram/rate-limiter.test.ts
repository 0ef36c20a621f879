import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../adapters/telegram/outbox-sender.js';
import { RateLimiter } from '../../../adapters/telegram/rate-limiter.js';

describe('RateLimiter', () => {
  it('spaces messages to one chat a second apart', async () => {
    const limiter = new RateLimiter();
    limiter.record('a', 1000);
    expect(limiter.chatWait('a', 1400)).toBe(600);
    expect(limiter.chatWait('b', 1400)).toBe(0);
    expect(limiter.chatWait('a', 2000)).toBe(0);
  });

  it('allows 30 messages in any second overall', async () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 30; i += 1) limiter.record(`chat${i}`, 1000 + i);
    expect(limiter.globalWait(1100)).toBe(900);
    expect(limiter.globalWait(1999)).toBe(1);
    expect(limiter.globalWait(2000)).toBe(0);
  });

  it('holds a chat until the time Telegram asked for', async () => {
    const limiter = new RateLimiter();
    limiter.hold('a', 5000);
    expect(limiter.chatWait('a', 1000)).toBe(4000);
    expect(limiter.chatWait('a', 5000)).toBe(0);
  });
});

describe('classify', () => {
  const telegramError = (error_code: number, description: string, parameters = {}) =>
    new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

  it.each([
    ['429 waits retry_after', telegramError(429, 'Too Many Requests', { retry_after: 7 }), 0, { retryAfterMs: 7000 }],
    ['403 is final', telegramError(403, 'Forbidden: bot was blocked by the user'), 0, { unreachable: true }],
    ['400 is final', telegramError(400, 'Bad Request: chat not found'), 0, { unreachable: true }],
    ['5xx backs off', telegramError(502, 'Bad Gateway'), 0, { retryAfterMs: 5000 }],
    ['5xx backs off more each time', telegramError(500, 'Internal'), 3, { retryAfterMs: 40000 }],
    [
      'a network error backs off, at most an hour',
      new HttpError('Network request failed', new Error('ECONNRESET')),
      20,
      { retryAfterMs: 3_600_000 },
    ],
  ])('%s', (_name, error, attempts, verdict) => {
    expect(classify(error, attempts)).toEqual(verdict);
  });
});
