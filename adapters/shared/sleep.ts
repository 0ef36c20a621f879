/** The part of an AbortSignal sleep uses; grammY's own signal type (from its abort-controller shim) and the DOM one both fit. */
export type AbortLike = {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
};

/** Waits `ms` milliseconds, or less if the signal aborts first; never rejects. */
export function sleep(ms: number, signal?: AbortLike): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
