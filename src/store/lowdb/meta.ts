import type { MetaRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** A named value kept for scheduled jobs. */
export type MetaRecord = { id: string; value: string };

/** Named values over a small lowdb collection. */
export class LowMeta implements MetaRepo {
  constructor(private readonly col: JsonCollection<MetaRecord>) {}

  get(id: string): string | undefined {
    return this.col.get(id)?.value;
  }

  set(id: string, value: string): Promise<void> {
    return this.col.put({ id, value });
  }
}
