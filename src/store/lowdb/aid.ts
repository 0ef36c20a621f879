import type { AidRecord } from '../../model/aid.js';
import type { AidSummary } from '../queries.js';
import type { AidRepo } from '../registry-repos.js';
import type { JsonCollection } from './collection.js';
import { indexAdd } from './indexes.js';

/** The natural key that makes two aid rows the same payment. */
export function aidKey(r: Pick<AidRecord, 'householdId' | 'name' | 'date' | 'amountFen'>): string {
  return `${r.householdId}|${r.name}|${r.date}|${r.amountFen}`;
}

const CATEGORIES = ['产业', '健康', '教育', '安居', '就业', '金融', '兜底', '其他'] as const;

/** Aid records over a lowdb collection, indexed by household and by natural key. */
export class LowAid implements AidRepo {
  private readonly byHouse = new Map<string, AidRecord[]>();
  private readonly keys = new Set<string>();

  constructor(private readonly col: JsonCollection<AidRecord>) {
    for (const r of col.values()) this.index(r);
  }

  async byHousehold(householdId: string): Promise<AidRecord[]> {
    return [...(this.byHouse.get(householdId) ?? [])].sort((a, b) => b.date.localeCompare(a.date));
  }

  async byHouseholds(householdIds: readonly string[]): Promise<AidRecord[]> {
    return [...new Set(householdIds)].flatMap((id) => this.byHouse.get(id) ?? []);
  }

  async summary(months: readonly string[]): Promise<AidSummary> {
    const byCategory = new Map(CATEGORIES.map((c) => [c as string, { category: c, amountFen: 0, count: 0 }]));
    const byMonth = new Map(months.map((m) => [m, { month: m, amountFen: 0, count: 0 }]));
    let totalFen = 0;
    for (const r of this.col.values()) {
      totalFen += r.amountFen;
      for (const sum of [byCategory.get(r.category), byMonth.get(r.date.slice(0, 7))]) {
        if (!sum) continue;
        sum.amountFen += r.amountFen;
        sum.count += 1;
      }
    }
    return { totalFen, byCategory: [...byCategory.values()], byMonth: [...byMonth.values()] };
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
    // Indexed before the write, so that a concurrent add of the same rows skips them.
    for (const r of fresh) this.index(r);
    try {
      await this.col.put(...fresh);
    } catch (error) {
      this.rebuild();
      throw error;
    }
    return fresh.length;
  }

  private index(r: AidRecord): void {
    indexAdd(this.byHouse, r.householdId, r);
    this.keys.add(aidKey(r));
  }

  private rebuild(): void {
    this.byHouse.clear();
    this.keys.clear();
    for (const r of this.col.values()) this.index(r);
  }
}
