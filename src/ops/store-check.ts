import type { MetaRepo } from '../store/legacy-store.js';
import type { Probe } from './readiness.js';

/** The meta record the readiness probe writes; its value is the time of the last probe. */
export const PROBE_KEY = 'ops.readiness-probe';

/** What the store check needs: the meta records, a clock, and where to say why the store failed. */
export type StoreCheckDeps = {
  meta: MetaRepo;
  now: () => Date;
  /** Called when the store turns failed (once per failure, not on every probe). */
  onFailure?: (error: unknown) => void;
  /** How long a write may take before the store counts as failed (default 5 s: a stalled disk). */
  timeoutMs?: number;
};

/** A readiness probe that writes a small meta record and reads it back; probes arriving meanwhile share the one write. */
export function storeCheck(deps: StoreCheckDeps): Probe {
  const timeoutMs = deps.timeoutMs ?? 5000;
  let inflight: Promise<'ok' | 'failed'> | undefined;
  let failing = false;
  const probe = async (): Promise<'ok' | 'failed'> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = deps.now().toISOString();
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the store did not finish a write within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([deps.meta.set(PROBE_KEY, value), stalled]);
      if (deps.meta.get(PROBE_KEY) !== value) throw new Error('the store did not read back what it had just written');
      failing = false;
      return 'ok';
    } catch (error) {
      if (!failing) deps.onFailure?.(error);
      failing = true;
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  };
  return () => {
    inflight ??= probe().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
