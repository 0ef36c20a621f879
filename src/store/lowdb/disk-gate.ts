/**
 * Where the store's disk writes pass, so that an online backup can stop them for a moment (src/backup/write-gate.ts):
 * `run` does the write now, or once the backup's hold ends.
 */
export type DiskGate = { run<T>(write: () => Promise<T>): Promise<T> };

/** No gate: every write runs at once (tools that own the data dir alone). */
export const OPEN_GATE: DiskGate = { run: (write) => write() };
