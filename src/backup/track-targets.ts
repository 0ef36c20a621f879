import type { TxTarget } from '../store/lowdb/store-tx.js';
import type { WriteGate } from './write-gate.js';

/**
 * The same transaction targets, with their collection writes counted by the gate: a committed transaction reaches its
 * collections at once (it cannot wait), so a backup's hold waits for those writes instead.
 */
export function trackTargets<T extends Record<string, TxTarget>>(gate: WriteGate, targets: T): T {
  const tracked = Object.entries(targets).map(([name, target]) => [
    name,
    {
      ...target,
      apply: (seq: number, part: Parameters<TxTarget['apply']>[1], onlyMissing: boolean) =>
        gate.track(target.apply(seq, part, onlyMissing)),
    },
  ]);
  return Object.fromEntries(tracked) as T;
}
