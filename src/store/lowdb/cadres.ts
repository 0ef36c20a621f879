import type { Cadre } from '../../model/cadre.js';
import type { Household } from '../../model/household.js';
import type { CadreQuery, CadreRepo, Page } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';
import { HouseholdList } from './households.js';

/** Cadres over a lowdb collection, with an in-memory index from enrolment-code hash to cadre. */
export class LowCadres implements CadreRepo {
  private readonly byCode = new Map<string, string>();

  constructor(private readonly col: JsonCollection<Cadre>) {
    for (const c of col.values()) if (c.codeHash) this.byCode.set(c.codeHash, c.id);
  }

  get(id: string): Cadre | undefined {
    return this.col.get(id);
  }

  search({ q, village, status, page = 1, pageSize = 20 }: CadreQuery): Page<Cadre> {
    const needle = q?.trim();
    const items = [...this.col.values()].filter(
      (c) =>
        (!status || c.status === status) &&
        (!village || c.villages.includes(village)) &&
        (!needle || c.name.includes(needle) || (c.org ?? '').includes(needle) || c.id.includes(needle)),
    );
    items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  all(): Iterable<Cadre> {
    return this.col.values();
  }

  async put(cadre: Cadre): Promise<void> {
    const old = this.col.get(cadre.id);
    if (old?.codeHash) this.byCode.delete(old.codeHash);
    if (cadre.codeHash) this.byCode.set(cadre.codeHash, cadre.id);
    try {
      await this.col.put(cadre);
    } catch (error) {
      this.rebuild();
      throw error;
    }
  }

  async redeemCode(codeHash: string, now: Date): Promise<Cadre | undefined> {
    const id = this.byCode.get(codeHash);
    const cadre = id === undefined ? undefined : this.col.get(id);
    if (!cadre || cadre.codeHash !== codeHash || cadre.status !== 'active') return undefined;
    if (!cadre.codeExpiresAt || cadre.codeExpiresAt <= now.toISOString()) return undefined;
    // Everything up to the put runs synchronously, so a concurrent redeem of the same code finds it gone.
    const { codeHash: _used, codeExpiresAt: _expiry, ...rest } = cadre;
    const consumed: Cadre = { ...rest, updatedAt: now.toISOString() };
    await this.put(consumed);
    return consumed;
  }

  assignedHouseholds(cadre: Cadre, households: Iterable<Household>): Household[] {
    if (households instanceof HouseholdList) {
      // The whole registry: look the villages and ids up instead of scanning every household.
      const found = new Map<string, Household>();
      for (const village of cadre.villages) for (const h of households.inVillage(village)) found.set(h.id, h);
      for (const id of cadre.householdIds) {
        const h = households.get(id);
        if (h) found.set(h.id, h);
      }
      return [...found.values()];
    }
    const villages = new Set(cadre.villages);
    const ids = new Set(cadre.householdIds);
    return [...households].filter((h) => villages.has(h.village) || ids.has(h.id));
  }

  forHousehold(household: Household): Cadre[] {
    return [...this.col.values()].filter(
      (c) => c.status === 'active' && (c.villages.includes(household.village) || c.householdIds.includes(household.id)),
    );
  }

  private rebuild(): void {
    this.byCode.clear();
    for (const c of this.col.values()) if (c.codeHash) this.byCode.set(c.codeHash, c.id);
  }
}
