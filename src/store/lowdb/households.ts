import type { Household, Member } from '../../model/household.js';
import type { HouseholdQuery, HouseholdRepo, MemberRepo, Page } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** Adds `value` to the list under `key` in a multi-valued index. */
export function indexAdd<V>(index: Map<string, V[]>, key: string, value: V): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Removes `value` from the list under `key`. */
export function indexRemove<V>(index: Map<string, V[]>, key: string, matches: (v: V) => boolean): void {
  const list = index.get(key)?.filter((v) => !matches(v));
  if (list?.length) index.set(key, list);
  else index.delete(key);
}

/**
 * Every household, iterable like any list, carrying the registry's village index so that a cadre's households
 * (CadreRepo.assignedHouseholds) are found without a scan of the whole registry (a scan took 100-350 ms per
 * cadre message at 100,000 households; bench/README-performance.md).
 */
export class HouseholdList implements Iterable<Household> {
  constructor(
    private readonly col: JsonCollection<Household>,
    private readonly villages: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  [Symbol.iterator](): Iterator<Household> {
    return this.col.values();
  }

  /** The household with this id. */
  get(id: string): Household | undefined {
    return this.col.get(id);
  }

  /** Households of every village with this name (in any township). */
  inVillage(village: string): Household[] {
    return [...(this.villages.get(village) ?? [])].flatMap((id) => this.col.get(id) ?? []);
  }
}

/** The household registry over a lowdb collection, with in-memory lookup indexes. */
export class LowHouseholds implements HouseholdRepo {
  private readonly byVillage = new Map<string, Set<string>>();
  private readonly byVerify = new Map<string, string[]>();
  private readonly byId = new Map<string, string>();
  private readonly places = new Map<string, Map<string, number>>();

  constructor(private readonly col: JsonCollection<Household>) {
    for (const h of col.values()) this.index(h);
  }

  get(id: string): Household | undefined {
    return this.col.get(id);
  }

  byVerifyHash(hash: string): Household[] {
    return (this.byVerify.get(hash) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  townships(): string[] {
    return [...this.places.keys()].sort((a, b) => a.localeCompare(b, 'zh'));
  }

  villages(township: string): string[] {
    return [...(this.places.get(township)?.keys() ?? [])].sort((a, b) => a.localeCompare(b, 'zh'));
  }

  byIdHash(hash: string): Household | undefined {
    const id = this.byId.get(hash);
    return id === undefined ? undefined : this.col.get(id);
  }

  search({ q, township, village, page = 1, pageSize = 20 }: HouseholdQuery): Page<Household> {
    const needle = q?.trim();
    const items = [...this.col.values()].filter(
      (h) =>
        (!township || h.township === township) &&
        (!village || h.village === village) &&
        (!needle || h.id.includes(needle) || h.headName.includes(needle) || h.village.includes(needle)),
    );
    items.sort((a, b) => a.id.localeCompare(b.id));
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }

  all(): Iterable<Household> {
    return new HouseholdList(this.col, this.byVillage);
  }

  count(): number {
    return this.col.size;
  }

  async upsert(...households: Household[]): Promise<void> {
    for (const h of households) {
      const old = this.col.get(h.id);
      if (old) this.unindex(old);
      this.index(h);
    }
    try {
      await this.col.put(...households);
    } catch (error) {
      this.rebuild();
      throw error;
    }
  }

  /** Keeps the indexes in step with a household written by a store transaction. */
  changed(before: Household | undefined, after: Household | undefined): void {
    if (before) this.unindex(before);
    if (after) this.index(after);
  }

  private index(h: Household): void {
    indexAdd(this.byVerify, h.verifyHash, h.id);
    this.byId.set(h.idHash, h.id);
    const ids = this.byVillage.get(h.village) ?? new Set<string>();
    ids.add(h.id);
    this.byVillage.set(h.village, ids);
    const villages = this.places.get(h.township) ?? new Map<string, number>();
    villages.set(h.village, (villages.get(h.village) ?? 0) + 1);
    this.places.set(h.township, villages);
  }

  private unindex(h: Household): void {
    indexRemove(this.byVerify, h.verifyHash, (id) => id === h.id);
    this.byId.delete(h.idHash);
    this.byVillage.get(h.village)?.delete(h.id);
    if (this.byVillage.get(h.village)?.size === 0) this.byVillage.delete(h.village);
    const villages = this.places.get(h.township);
    const left = (villages?.get(h.village) ?? 1) - 1;
    if (left > 0) villages?.set(h.village, left);
    else villages?.delete(h.village);
    if (villages?.size === 0) this.places.delete(h.township);
  }

  private rebuild(): void {
    this.byVillage.clear();
    this.byVerify.clear();
    this.byId.clear();
    this.places.clear();
    for (const h of this.col.values()) this.index(h);
  }
}

/** Household members over a lowdb collection. */
export class LowMembers implements MemberRepo {
  private readonly byHouse = new Map<string, Member[]>();
  private readonly byVerify = new Map<string, Member[]>();

  constructor(private readonly col: JsonCollection<Member>) {
    this.rebuild();
  }

  byHousehold(householdId: string): Member[] {
    return this.byHouse.get(householdId) ?? [];
  }

  byVerifyHash(hash: string): Member[] {
    return this.byVerify.get(hash) ?? [];
  }

  async upsert(...members: Member[]): Promise<void> {
    try {
      await this.col.put(...members);
    } finally {
      this.rebuild();
    }
  }

  private rebuild(): void {
    this.byHouse.clear();
    this.byVerify.clear();
    for (const m of this.col.values()) {
      indexAdd(this.byHouse, m.householdId, m);
      indexAdd(this.byVerify, m.verifyHash, m);
    }
  }
}
