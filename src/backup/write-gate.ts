/** Thrown when the store's writes did not finish in time for a backup to hold them. */
export class GateTimeoutError extends Error {}

/**
 * Lets an online backup stop the store's disk writes for a moment. Every write passes through `run` (or is
 * `track`ed when it cannot wait, e.g. a committed transaction reaching its collections); `hold` closes the gate,
 * waits until no write is in flight, runs the copy, and opens the gate again. Writes that arrive meanwhile wait, in
 * order, and then run as usual.
 */
export class WriteGate {
  private active = 0;
  private closed: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  /** Runs a write now (synchronously, as if there were no gate), or once the current hold ends. */
  run<T>(write: () => Promise<T>): Promise<T> {
    if (this.closed) return this.closed.then(() => this.run(write));
    return this.track(write());
  }

  /** Counts a write already under way as in flight until it settles. */
  track<T>(write: Promise<T>): Promise<T> {
    this.active += 1;
    return write.finally(() => {
      this.active -= 1;
      if (this.active === 0) this.idle?.();
    });
  }

  /** Runs `work` once no write is in flight, keeping new writes waiting until it is done. */
  async hold<T>(work: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
    while (this.closed) await this.closed;
    let open = () => {};
    this.closed = new Promise((resolve) => {
      open = resolve;
    });
    try {
      await this.quiet(timeoutMs);
      return await work();
    } finally {
      this.closed = undefined;
      open();
    }
  }

  private async quiet(timeoutMs: number): Promise<void> {
    if (this.active === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.idle = resolve;
        timer = setTimeout(
          () => reject(new GateTimeoutError(`the store still had writes in flight after ${timeoutMs / 1000} s (a slow or full disk?)`)),
          timeoutMs,
        );
      });
    } finally {
      clearTimeout(timer);
      this.idle = undefined;
    }
  }
}
