import { CHECKLIST, type Visit } from '../../model/visit.js';
import type { VisitRepo } from '../ledger-repos.js';
import type { CoverageGroup, Page, VisitCoverage, VisitFilter, VisitQuery } from '../queries.js';
import type { Db } from './connect.js';
import { visits as codec } from './records.js';
import { selectPage, Where } from './sql.js';

const ORDER = 'date desc, created_at desc, id desc';
// Every checklist item 达标: a visit has problems when its checklist does not contain this (an item missing counts).
const ALL_OK = JSON.stringify(Object.fromEntries(CHECKLIST.map((item) => [item.key, { ok: true }])));
const toVisit = (row: Record<string, unknown>) => codec.fromRow(row);

function filterWhere(f: VisitFilter): Where {
  const where = new Where();
  if (f.cadreId) where.add('cadre_id = ?', f.cadreId);
  if (f.village) where.add('village = ?', f.village);
  if (f.householdId) where.add('household_id = ?', f.householdId);
  if (f.from) where.add('date >= ?::date', f.from);
  if (f.to) where.add('date <= ?::date', f.to);
  if (f.hasProblems !== undefined) where.add(f.hasProblems ? 'not checklist @> ?::jsonb' : 'checklist @> ?::jsonb', ALL_OK);
  return where;
}

/** Cadres' home visits in PostgreSQL. */
export class PgVisits implements VisitRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Visit | undefined> {
    const { rows } = await this.db.query(`select ${codec.list} from visits where id = $1`, [id]);
    return rows[0] ? toVisit(rows[0]) : undefined;
  }

  async lastFor(householdId: string): Promise<Visit | undefined> {
    const { rows } = await this.db.query(
      `select ${codec.list} from visits where household_id = $1 order by date desc, created_at desc limit 1`,
      [householdId],
    );
    return rows[0] ? toVisit(rows[0]) : undefined;
  }

  async lastDates(householdIds: readonly string[]): Promise<Record<string, string>> {
    if (householdIds.length === 0) return {};
    const { rows } = await this.db.query<{ household_id: string; date: string }>(
      'select household_id, max(date)::text as date from visits where household_id = any($1::text[]) group by household_id',
      [[...new Set(householdIds)]],
    );
    return Object.fromEntries(rows.map((r) => [r.household_id, r.date]));
  }

  search(query: VisitQuery): Promise<Page<Visit>> {
    return selectPage(this.db, { list: codec.list, from: 'visits', where: filterWhere(query), order: ORDER }, query, toVisit);
  }

  async list(filter: VisitFilter): Promise<Visit[]> {
    const where = filterWhere(filter);
    const { rows } = await this.db.query(`select ${codec.list} from visits ${where.sql} order by ${ORDER}`, where.params);
    return rows.map(toVisit);
  }

  async countByDate(from: string): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ date: string; n: number }>(
      'select date::text as date, count(*)::int as n from visits where date >= $1::date group by date',
      [from],
    );
    return Object.fromEntries(rows.map((r) => [r.date, r.n]));
  }

  /**
   * Coverage from one pass over the registry (each household with whether it was visited since `since`, by index),
   * grouped per place here and per active cadre from the cadres' villages and households.
   */
  async coverage(since: string): Promise<VisitCoverage> {
    const [households, cadres] = await Promise.all([
      this.db.query<{ id: string; township: string; village: string; visited: boolean }>(
        `select h.id, h.township, h.village, exists (select 1 from visits v where v.household_id = h.id and v.date >= $1::date) as visited
         from households h`,
        [since],
      ),
      this.db.query<{ id: string; name: string; villages: string[]; household_ids: string[] }>(
        `select id, name, villages, household_ids from cadres where status = 'active' order by id`,
      ),
    ]);
    const visited = new Map<string, boolean>();
    const places = new Map<string, { township: string; village: string; ids: string[] }>();
    const byVillage = new Map<string, string[]>();
    for (const h of households.rows) {
      visited.set(h.id, h.visited);
      const key = `${h.township}\u0000${h.village}`;
      const place = places.get(key) ?? { township: h.township, village: h.village, ids: [] };
      place.ids.push(h.id);
      places.set(key, place);
      const inVillage = byVillage.get(h.village);
      if (inVillage) inVillage.push(h.id);
      else byVillage.set(h.village, [h.id]);
    }
    const group = (ids: Iterable<string>): CoverageGroup => {
      const all = [...ids];
      const overdue = all.filter((id) => !visited.get(id)).sort();
      return { assigned: all.length, visited: all.length - overdue.length, overdue };
    };
    return {
      byPlace: [...places.values()].map(({ township, village, ids }) => ({ township, village, ...group(ids) })),
      byCadre: cadres.rows.map((c) => {
        const ids = new Set(c.villages.flatMap((v) => byVillage.get(v) ?? []));
        for (const id of c.household_ids) if (visited.has(id)) ids.add(id);
        return { cadreId: c.id, name: c.name, ...group(ids) };
      }),
    };
  }

  async put(visit: Visit): Promise<void> {
    await this.db.query(codec.upsertSql, codec.params(visit));
  }
}
