import { sleep } from '../shared/sleep.js';

/** Time as the send queue sees it; tests pass a virtual clock so throttling is checked without real waits. */
export type Clock = {
  now(): number;
  /** Resolves after `ms`, or at once when the signal aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

/** The real clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};
