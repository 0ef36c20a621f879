import type { AidRecord } from '../../model/aid.js';
import type { AidRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';
import { indexAdd } from './households.js';

/** The natural key that makes two aid rows the same payment. */
export function aidKey(r: Pick<AidRecord, 'householdId' | 'name' | 'date' | 'amountFen'>): string {
  return `${r.householdId}|${r.name}|${r.date}|${r.amountFen}`;
}

/** Aid records over a lowdb collection, indexed by household and by natural key. */
export class LowAid implements AidRepo {
  private readonly byHouse = new Map<string, AidRecord[]>();
  private readonly keys = new Set<string>();

  constructor(private readonly col: JsonCollection<AidRecord>) {
    for (const r of col.values()) this.index(r);
  }

  byHousehold(householdId: string): AidRecord[] {
    return [...(this.byHouse.get(householdId) ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  }

  all(): Iterable<AidRecord> {
    return this.col.values();
  }

  async add(...records: AidRecord[]): Promise<number> {
    const seen = new Set<string>();
    const fresh = records.filter((r) => {
      const key = aidKey(r);
      if (this.keys.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) return 0;
    await this.col.put(...fresh);
    for (const r of fresh) this.index(r);
    return fresh.length;
  }

  private index(r: AidRecord): void {
    indexAdd(this.byHouse, r.householdId, r);
    this.keys.add(aidKey(r));
  }
}
