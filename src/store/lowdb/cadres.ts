import type { Cadre } from '../../model/cadre.js';
import type { Household } from '../../model/household.js';
import type { CadreQuery, Page } from '../queries.js';
import type { CadreRepo } from '../registry-repos.js';
import type { JsonCollection } from './collection.js';
import { pageOf } from './indexes.js';

/** Cadres over a lowdb collection, with an in-memory index from enrolment-code hash to cadre. */
export class LowCadres implements CadreRepo {
  private readonly byCode = new Map<string, string>();

  constructor(private readonly col: JsonCollection<Cadre>) {
    this.rebuild();
  }

  async get(id: string): Promise<Cadre | undefined> {
    return this.col.get(id);
  }

  async search({ q, village, status, ...page }: CadreQuery): Promise<Page<Cadre>> {
    const needle = q?.trim();
    const items = [...this.col.values()].filter(
      (c) =>
        (!status || c.status === status) &&
        (!village || c.villages.includes(village)) &&
        (!needle || c.name.includes(needle) || (c.org ?? '').includes(needle) || c.id.includes(needle)),
    );
    items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return pageOf(items, page);
  }

  async list(filter: { status?: Cadre['status'] } = {}): Promise<Cadre[]> {
    return [...this.col.values()].filter((c) => !filter.status || c.status === filter.status);
  }

  async put(cadre: Cadre): Promise<void> {
    const old = this.col.get(cadre.id);
    const written = this.col.put(cadre);
    this.changed(old, cadre);
    try {
      await written;
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
    // Everything up to the put's memory change runs synchronously, so a concurrent redeem of the same code finds it gone.
    const { codeHash: _used, codeExpiresAt: _expiry, ...rest } = cadre;
    const consumed: Cadre = { ...rest, updatedAt: now.toISOString() };
    await this.put(consumed);
    return consumed;
  }

  async forHousehold(household: Pick<Household, 'id' | 'village'>): Promise<Cadre[]> {
    return [...this.col.values()].filter(
      (c) => c.status === 'active' && (c.villages.includes(household.village) || c.householdIds.includes(household.id)),
    );
  }

  /** The cadre with this id, for other lowdb repos. */
  peek(id: string): Cadre | undefined {
    return this.col.get(id);
  }

  /** Every cadre, for other lowdb repos. */
  values(): IterableIterator<Cadre> {
    return this.col.values();
  }

  /** Keeps the code index in step with a cadre written by a store transaction. */
  changed(before: Cadre | undefined, after: Cadre | undefined): void {
    if (before?.codeHash && this.byCode.get(before.codeHash) === before.id) this.byCode.delete(before.codeHash);
    if (after?.codeHash) this.byCode.set(after.codeHash, after.id);
  }

  private rebuild(): void {
    this.byCode.clear();
    for (const c of this.col.values()) if (c.codeHash) this.byCode.set(c.codeHash, c.id);
  }
}
