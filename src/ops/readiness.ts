/** One check's state: working, not yet started, or failed. */
export type CheckState = 'ok' | 'starting' | 'failed';

/** Reads a check's current state; a probe that throws counts as failed. */
export type Probe = () => CheckState | Promise<CheckState>;

/** What `/readyz` answers: ready only when every check is ok. */
export type ReadinessReport = { status: 'ok' | 'starting' | 'degraded'; checks: Record<string, CheckState> };

/** The named checks `/readyz` runs: the store, and each enabled channel from the moment it is expected until it stops. */
export class Readiness {
  private readonly probes = new Map<string, Probe>();

  /** Adds or replaces a check. */
  set(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  /** Marks a channel as expected: it reports starting until `track` (or `set`) says more. */
  expect(name: string): void {
    this.set(name, () => 'starting');
  }

  /** Runs a channel's start: starting meanwhile, failed if it throws (rethrown), then whatever `live` says of the started adapter. */
  async track<T>(name: string, start: () => Promise<T>, live: (adapter: T) => CheckState): Promise<T> {
    this.expect(name);
    try {
      const adapter = await start();
      this.set(name, () => live(adapter));
      return adapter;
    } catch (error) {
      this.set(name, () => 'failed');
      throw error;
    }
  }

  /** Runs every check at once. */
  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.probes].map(async ([name, probe]): Promise<[string, CheckState]> => {
        try {
          return [name, await probe()];
        } catch {
          return [name, 'failed'];
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const states = Object.values(checks);
    const status = states.includes('failed') ? 'degraded' : states.includes('starting') ? 'starting' : 'ok';
    return { status, checks };
  }
}
