import type { Transformer } from 'grammy';
import { sleep } from '../shared/sleep.js';

/** How long a user-facing call may wait out Telegram's flood control before it gives up. */
export type RetryOptions = { maxWaitSeconds: number; maxAttempts: number };

/** An API transformer that retries a call Telegram rate-limited (429) after its retry_after, when the wait is short. */
export function retryRateLimited(options: RetryOptions = { maxWaitSeconds: 5, maxAttempts: 3 }): Transformer {
  return async (prev, method, payload, signal) => {
    let result = await prev(method, payload, signal);
    for (let attempt = 1; attempt < options.maxAttempts && !result.ok && result.error_code === 429; attempt += 1) {
      const seconds = result.parameters?.retry_after ?? 1;
      if (seconds > options.maxWaitSeconds) break;
      // An aborted wait falls through to a call that fails at once with the abort.
      await sleep(seconds * 1000, signal);
      result = await prev(method, payload, signal);
    }
    return result;
  };
}
