import { COLLECTIONS, type CollectionName, type StoreExport, type StoreLoad } from './store-export.js';

/** One collection after a copy: records in the source, and in the target once loaded. */
export type CopiedCount = { name: CollectionName; source: number; target: number };

/** What a copy did. */
export type CopyResult = { counts: CopiedCount[]; rows: number; ms: number };

/** Raised when a collection's count in the target differs from the source's after a copy; `counts` has them all. */
export class CountMismatchError extends Error {
  constructor(readonly counts: CopiedCount[]) {
    const wrong = counts.filter((c) => c.source !== c.target).map((c) => `${c.name} (${c.source} in the source, ${c.target} copied)`);
    super(`The copy does not match the source: ${wrong.join(', ')}.`);
  }
}

/**
 * Copies every collection from `source` into `target`, `batchSize` records at a time (so memory holds one batch
 * beyond what the source keeps anyway), then compares each collection's count in both and throws
 * CountMismatchError when any differs. The caller owns the target's transaction: on an error it rolls back.
 */
export async function copyStore(
  source: StoreExport,
  target: StoreLoad,
  options: { batchSize?: number; progress?: (name: CollectionName, copied: number) => void } = {},
): Promise<CopyResult> {
  const { batchSize = 2000, progress } = options;
  const started = Date.now();
  let rows = 0;
  for (const name of COLLECTIONS) {
    let copied = 0;
    for await (const batch of source.batches(name, batchSize)) {
      await target.load(name, batch);
      copied += batch.length;
      progress?.(name, copied);
    }
    rows += copied;
  }
  await target.finish();
  const loaded = await target.counts();
  const counts: CopiedCount[] = [];
  for (const name of COLLECTIONS) counts.push({ name, source: await source.count(name), target: loaded[name] });
  if (counts.some((c) => c.source !== c.target)) throw new CountMismatchError(counts);
  return { counts, rows, ms: Date.now() - started };
}
