import type { Cadre } from '../../model/cadre.js';
import type { Household, Member } from '../../model/household.js';
import type { HouseholdFilter, HouseholdQuery, HouseholdStats, Page, Place } from '../queries.js';
import type { HouseholdRepo, MemberRepo } from '../registry-repos.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove, pageOf } from './indexes.js';

/** What a household filter needs from the other collections. */
export type HouseholdLinks = { cadre: (id: string) => Cadre | undefined; lastVisit: (householdId: string) => string | undefined };

const CARDS = ['红卡', '蓝卡', '黄卡', '未分卡'] as const;
const STATUSES = ['未脱贫', '已脱贫', '监测对象'] as const;

/** The household registry over a lowdb collection, with in-memory lookup indexes and running totals. */
export class LowHouseholds implements HouseholdRepo {
  private readonly byVillage = new Map<string, Set<string>>();
  private readonly byVerify = new Map<string, string[]>();
  private readonly byId = new Map<string, string>();
  private readonly placeCounts = new Map<string, Map<string, number>>();
  private totals = emptyStats();

  constructor(
    private readonly col: JsonCollection<Household>,
    private readonly links: HouseholdLinks,
  ) {
    for (const h of col.values()) this.index(h);
  }

  async get(id: string): Promise<Household | undefined> {
    return this.col.get(id);
  }

  async getMany(ids: readonly string[]): Promise<Household[]> {
    return [...new Set(ids)].flatMap((id) => this.col.get(id) ?? []);
  }

  async byVerifyHash(hash: string): Promise<Household[]> {
    return (this.byVerify.get(hash) ?? []).flatMap((id) => this.col.get(id) ?? []);
  }

  async byIdHash(hash: string): Promise<Household | undefined> {
    const id = this.byId.get(hash);
    return id === undefined ? undefined : this.col.get(id);
  }

  async byIdHashes(hashes: readonly string[]): Promise<Household[]> {
    return [...new Set(hashes)].flatMap((hash) => {
      const id = this.byId.get(hash);
      return (id !== undefined && this.col.get(id)) || [];
    });
  }

  async search(query: HouseholdQuery): Promise<Page<Household>> {
    return pageOf(this.match(query), query);
  }

  async find(filter: HouseholdFilter): Promise<Household[]> {
    return this.match(filter);
  }

  async count(filter: HouseholdFilter = {}): Promise<number> {
    return Object.values(filter).every((v) => v === undefined) ? this.col.size : this.match(filter).length;
  }

  async places(): Promise<Place[]> {
    return [...this.placeCounts].flatMap(([township, villages]) =>
      [...villages].map(([village, households]) => ({ township, village, households })),
    );
  }

  async stats(): Promise<HouseholdStats> {
    return structuredClone(this.totals);
  }

  async upsert(...households: Household[]): Promise<void> {
    const before = households.map((h) => this.col.get(h.id));
    const written = this.col.put(...households);
    for (const [i, h] of households.entries()) this.changed(before[i], h);
    try {
      await written;
    } catch (error) {
      this.rebuild();
      throw error;
    }
  }

  /** Households of every village with this name (in any township), for other lowdb repos. */
  idsInVillage(village: string): ReadonlySet<string> {
    return this.byVillage.get(village) ?? new Set();
  }

  /** Whether a household with this id exists, for other lowdb repos. */
  has(id: string): boolean {
    return this.col.get(id) !== undefined;
  }

  /** Every household, for other lowdb repos. */
  values(): IterableIterator<Household> {
    return this.col.values();
  }

  /** Keeps the indexes in step with a household written by a store transaction. */
  changed(before: Household | undefined, after: Household | undefined): void {
    if (before) this.unindex(before);
    if (after) this.index(after);
  }

  private match(f: HouseholdFilter): Household[] {
    let candidates: Iterable<Household>;
    if (f.ids) candidates = f.ids.flatMap((id) => this.col.get(id) ?? []);
    else if (f.cadreId !== undefined) candidates = this.ofCadre(f.cadreId);
    else if (f.village !== undefined) candidates = [...this.idsInVillage(f.village)].flatMap((id) => this.col.get(id) ?? []);
    else candidates = this.col.values();
    const needle = f.q?.trim();
    const seen = new Set<string>();
    const out: Household[] = [];
    for (const h of candidates) {
      if (seen.has(h.id)) continue;
      seen.add(h.id);
      if (f.township !== undefined && h.township !== f.township) continue;
      if (f.village !== undefined && h.village !== f.village) continue;
      if (f.status !== undefined && h.status !== f.status) continue;
      if (f.card !== undefined && h.card !== f.card) continue;
      if (needle && !(h.id.includes(needle) || h.headName.includes(needle) || h.village.includes(needle))) continue;
      if (f.notVisitedSince !== undefined && (this.links.lastVisit(h.id) ?? '') >= f.notVisitedSince) continue;
      out.push(h);
    }
    if (f.cadreId !== undefined && f.ids) {
      const mine = new Set(this.ofCadre(f.cadreId).map((h) => h.id));
      return sortById(out.filter((h) => mine.has(h.id)));
    }
    return sortById(out);
  }

  private ofCadre(cadreId: string): Household[] {
    const cadre = this.links.cadre(cadreId);
    if (!cadre) return [];
    const ids = new Set(cadre.villages.flatMap((v) => [...this.idsInVillage(v)]));
    for (const id of cadre.householdIds) ids.add(id);
    return [...ids].flatMap((id) => this.col.get(id) ?? []);
  }

  private index(h: Household): void {
    indexAdd(this.byVerify, h.verifyHash, h.id);
    this.byId.set(h.idHash, h.id);
    const ids = this.byVillage.get(h.village) ?? new Set<string>();
    ids.add(h.id);
    this.byVillage.set(h.village, ids);
    const villages = this.placeCounts.get(h.township) ?? new Map<string, number>();
    villages.set(h.village, (villages.get(h.village) ?? 0) + 1);
    this.placeCounts.set(h.township, villages);
    this.count1(h, 1);
  }

  private unindex(h: Household): void {
    indexRemove(this.byVerify, h.verifyHash, (id) => id === h.id);
    if (this.byId.get(h.idHash) === h.id) this.byId.delete(h.idHash);
    this.byVillage.get(h.village)?.delete(h.id);
    if (this.byVillage.get(h.village)?.size === 0) this.byVillage.delete(h.village);
    const villages = this.placeCounts.get(h.township);
    const left = (villages?.get(h.village) ?? 1) - 1;
    if (left > 0) villages?.set(h.village, left);
    else villages?.delete(h.village);
    if (villages?.size === 0) this.placeCounts.delete(h.township);
    this.count1(h, -1);
  }

  private count1(h: Household, sign: 1 | -1): void {
    this.totals.households += sign;
    this.totals.people += sign * h.size;
    this.totals.byCard[h.card ?? '未分卡'] += sign;
    this.totals.byStatus[h.status] += sign;
  }

  private rebuild(): void {
    this.byVillage.clear();
    this.byVerify.clear();
    this.byId.clear();
    this.placeCounts.clear();
    this.totals = emptyStats();
    for (const h of this.col.values()) this.index(h);
  }
}

function emptyStats(): HouseholdStats {
  return {
    households: 0,
    people: 0,
    byCard: Object.fromEntries(CARDS.map((c) => [c, 0])) as HouseholdStats['byCard'],
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as HouseholdStats['byStatus'],
  };
}

function sortById(households: Household[]): Household[] {
  return households.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Household members over a lowdb collection. */
export class LowMembers implements MemberRepo {
  private readonly byHouse = new Map<string, Member[]>();
  private readonly byVerify = new Map<string, Member[]>();

  constructor(private readonly col: JsonCollection<Member>) {
    this.rebuild();
  }

  async byHousehold(householdId: string): Promise<Member[]> {
    return [...(this.byHouse.get(householdId) ?? [])];
  }

  async byHouseholds(householdIds: readonly string[]): Promise<Member[]> {
    return [...new Set(householdIds)].flatMap((id) => this.byHouse.get(id) ?? []);
  }

  async byVerifyHash(hash: string): Promise<Member[]> {
    return [...(this.byVerify.get(hash) ?? [])];
  }

  async upsert(...members: Member[]): Promise<void> {
    const written = this.col.put(...members);
    this.rebuild();
    try {
      await written;
    } finally {
      this.rebuild();
    }
  }

  async remove(...ids: string[]): Promise<void> {
    const stored = ids.filter((id) => this.col.get(id) !== undefined);
    if (stored.length === 0) return;
    // Purged, not just removed: the ID hashes of people no longer registered leave the disk too.
    const written = this.col.purge(...stored);
    this.rebuild();
    try {
      await written;
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
