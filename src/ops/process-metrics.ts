import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/** Node's process metrics (CPU, memory, event loop lag, GC, handles): one registry per process, however many apps it builds. */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
