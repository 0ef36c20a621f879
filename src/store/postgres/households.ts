import type { Household, Member } from '../../model/household.js';
import type { HouseholdFilter, HouseholdQuery, HouseholdStats, Page, Place } from '../queries.js';
import type { HouseholdRepo, MemberRepo } from '../registry-repos.js';
import type { Db } from './connect.js';
import { households as codec, members as memberCodec } from './records.js';
import { likeText, selectPage, Where } from './sql.js';

/** The expression the trigram index (households_text) covers: id, head name and village joined by U+001F. */
const TEXT = `(id || E'\\x1f' || head_name || E'\\x1f' || village)`;
const CARDS = ['红卡', '蓝卡', '黄卡', '未分卡'] as const;
const STATUSES = ['未脱贫', '已脱贫', '监测对象'] as const;
/** How long registry-wide figures (places, stats) are reused; this instance's own writes refresh them at once. */
const FIGURES_MS = 60_000;

const toHousehold = (row: Record<string, unknown>) => codec.fromRow(row);

/**
 * Runs `load` at most once per FIGURES_MS; `clear` forgets the figure. Once there is a figure, an old one is served
 * while the next loads (a province's registry takes a second to scan), so only the first caller ever waits.
 */
export class Cached<T> {
  private value: { at: number; figure: Promise<T> } | undefined;
  private refreshing = false;
  /** Bumped by clear(), so a reload started before a write cannot bring back the figure from before it. */
  private generation = 0;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    const now = Date.now();
    if (!this.value) {
      const figure = this.load();
      const value = { at: now, figure };
      this.value = value;
      figure.catch(() => {
        if (this.value === value) this.value = undefined;
      });
    } else if (now - this.value.at > FIGURES_MS && !this.refreshing) {
      this.refresh(now);
    }
    return this.value.figure;
  }

  clear(): void {
    this.generation += 1;
    this.value = undefined;
  }

  private refresh(now: number): void {
    const generation = this.generation;
    this.refreshing = true;
    this.load()
      .then((fresh) => {
        if (this.generation === generation) this.value = { at: now, figure: Promise.resolve(fresh) };
      })
      // A failed reload keeps the old figure; the next call after FIGURES_MS tries again.
      .catch(() => {})
      .finally(() => {
        this.refreshing = false;
      });
  }
}

/**
 * The household registry in PostgreSQL. Every lookup the chat makes is an index lookup; the registry-wide figures
 * (places for the place pickers, stats for the overview) scan the table and are reused for a minute.
 */
export class PgHouseholds implements HouseholdRepo {
  private readonly placeList = new Cached(() => this.loadPlaces());
  private readonly totals = new Cached(() => this.loadStats());

  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Household | undefined> {
    const { rows } = await this.db.query(`select ${codec.list} from households where id = $1`, [id]);
    return rows[0] ? toHousehold(rows[0]) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Household[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query(`select ${codec.list} from households where id = any($1::text[])`, [[...new Set(ids)]]);
    return rows.map(toHousehold);
  }

  async byVerifyHash(hash: string): Promise<Household[]> {
    const { rows } = await this.db.query(`select ${codec.list} from households where verify_hash = $1 order by id`, [hash]);
    return rows.map(toHousehold);
  }

  async byIdHash(hash: string): Promise<Household | undefined> {
    const { rows } = await this.db.query(`select ${codec.list} from households where id_hash = $1`, [hash]);
    return rows[0] ? toHousehold(rows[0]) : undefined;
  }

  async byIdHashes(hashes: readonly string[]): Promise<Household[]> {
    if (hashes.length === 0) return [];
    const { rows } = await this.db.query(`select ${codec.list} from households where id_hash = any($1::text[])`, [[...new Set(hashes)]]);
    return rows.map(toHousehold);
  }

  async search(query: HouseholdQuery): Promise<Page<Household>> {
    const where = await this.where(query);
    if (!where) return { items: [], total: 0 };
    return selectPage(this.db, { list: codec.list, from: 'households', where, order: 'id' }, query, toHousehold);
  }

  async find(filter: HouseholdFilter): Promise<Household[]> {
    const where = await this.where(filter);
    if (!where) return [];
    const { rows } = await this.db.query(`select ${codec.list} from households ${where.sql} order by id`, where.params);
    return rows.map(toHousehold);
  }

  async count(filter: HouseholdFilter = {}): Promise<number> {
    const where = await this.where(filter);
    if (!where) return 0;
    const { rows } = await this.db.query<{ n: number }>(`select count(*)::int as n from households ${where.sql}`, where.params);
    return rows[0]?.n ?? 0;
  }

  places(): Promise<Place[]> {
    return this.placeList.get();
  }

  async stats(): Promise<HouseholdStats> {
    return structuredClone(await this.totals.get());
  }

  async upsert(...households: Household[]): Promise<void> {
    if (households.length === 0) return;
    const last = new Map(households.map((h) => [h.id, h]));
    await this.db.query(codec.batchUpsertSql, [JSON.stringify([...last.values()].map((h) => codec.jsonRow(h)))]);
    this.placeList.clear();
    this.totals.clear();
  }

  /** The WHERE clause of a filter; undefined when nothing can match (an unknown cadre). */
  private async where(f: HouseholdFilter): Promise<Where | undefined> {
    const where = new Where();
    if (f.ids) where.add('id = any(?::text[])', [...f.ids]);
    if (f.cadreId !== undefined) {
      const { rows } = await this.db.query<{ villages: string[]; household_ids: string[] }>(
        'select villages, household_ids from cadres where id = $1',
        [f.cadreId],
      );
      const cadre = rows[0];
      if (!cadre) return undefined;
      where.add('(village = any(?::text[]) or id = any(?::text[]))', cadre.villages, cadre.household_ids);
    }
    if (f.township !== undefined) where.add('township = ?', f.township);
    if (f.village !== undefined) where.add('village = ?', f.village);
    if (f.status !== undefined) where.add('status = ?', f.status);
    if (f.card !== undefined) where.add('card = ?', f.card);
    const needle = f.q?.trim();
    if (needle) where.add(`${TEXT} like ?`, `%${likeText(needle)}%`);
    if (f.notVisitedSince !== undefined) {
      where.add('not exists (select 1 from visits v where v.household_id = households.id and v.date >= ?::date)', f.notVisitedSince);
    }
    return where;
  }

  private async loadPlaces(): Promise<Place[]> {
    const { rows } = await this.db.query<Place>(
      'select township, village, count(*)::int as households from households group by township, village',
    );
    return rows;
  }

  private async loadStats(): Promise<HouseholdStats> {
    const { rows } = await this.db.query<{ card: string | null; status: (typeof STATUSES)[number]; n: number; people: number }>(
      'select card, status, count(*)::int as n, sum(size)::int as people from households group by card, status',
    );
    const stats: HouseholdStats = {
      households: 0,
      people: 0,
      byCard: Object.fromEntries(CARDS.map((c) => [c, 0])) as HouseholdStats['byCard'],
      byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as HouseholdStats['byStatus'],
    };
    for (const row of rows) {
      stats.households += row.n;
      stats.people += row.people;
      stats.byCard[(row.card ?? '未分卡') as keyof HouseholdStats['byCard']] += row.n;
      stats.byStatus[row.status] += row.n;
    }
    return stats;
  }
}

/** Household members in PostgreSQL. */
export class PgMembers implements MemberRepo {
  constructor(private readonly db: Db) {}

  async byHousehold(householdId: string): Promise<Member[]> {
    const { rows } = await this.db.query(`select ${memberCodec.list} from members where household_id = $1 order by id`, [householdId]);
    return rows.map((r) => memberCodec.fromRow(r));
  }

  async byHouseholds(householdIds: readonly string[]): Promise<Member[]> {
    if (householdIds.length === 0) return [];
    const { rows } = await this.db.query(
      `select ${memberCodec.list} from members where household_id = any($1::text[]) order by household_id, id`,
      [[...new Set(householdIds)]],
    );
    return rows.map((r) => memberCodec.fromRow(r));
  }

  async byVerifyHash(hash: string): Promise<Member[]> {
    const { rows } = await this.db.query(`select ${memberCodec.list} from members where verify_hash = $1 order by id`, [hash]);
    return rows.map((r) => memberCodec.fromRow(r));
  }

  async upsert(...members: Member[]): Promise<void> {
    if (members.length === 0) return;
    const last = new Map(members.map((m) => [m.id, m]));
    await this.db.query(memberCodec.batchUpsertSql, [JSON.stringify([...last.values()].map((m) => memberCodec.jsonRow(m)))]);
  }

  async remove(...ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('delete from members where id = any($1::text[])', [ids]);
  }
}
