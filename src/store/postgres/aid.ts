import type { AidCategory, AidRecord } from '../../model/aid.js';
import type { AidSummary } from '../queries.js';
import type { AidRepo } from '../registry-repos.js';
import type { Db } from './connect.js';
import { aid as codec } from './records.js';

const CATEGORIES: readonly AidCategory[] = ['产业', '健康', '教育', '安居', '就业', '金融', '兜底', '其他'];

// New rows only: the natural key (household, name, date, amount) is unique, so a row already stored is skipped.
const ADD = `insert into aid_records (${codec.list})
  select ${codec.list} from json_populate_recordset(null::aid_records, $1::json)
  on conflict do nothing`;

/** Aid payments and measures in PostgreSQL. */
export class PgAid implements AidRepo {
  constructor(private readonly db: Db) {}

  async byHousehold(householdId: string): Promise<AidRecord[]> {
    const { rows } = await this.db.query(`select ${codec.list} from aid_records where household_id = $1 order by date desc, id`, [
      householdId,
    ]);
    return rows.map((r) => codec.fromRow(r));
  }

  async byHouseholds(householdIds: readonly string[]): Promise<AidRecord[]> {
    if (householdIds.length === 0) return [];
    const { rows } = await this.db.query(
      `select ${codec.list} from aid_records where household_id = any($1::text[]) order by household_id, date desc, id`,
      [[...new Set(householdIds)]],
    );
    return rows.map((r) => codec.fromRow(r));
  }

  async summary(months: readonly string[]): Promise<AidSummary> {
    const [byCategory, byMonth] = await Promise.all([
      this.db.query<{ category: AidCategory; amount: number; n: number }>(
        'select category, sum(amount_fen)::bigint as amount, count(*)::int as n from aid_records group by category',
      ),
      this.db.query<{ month: string; amount: number; n: number }>(
        `select to_char(date, 'YYYY-MM') as month, sum(amount_fen)::bigint as amount, count(*)::int as n from aid_records
         where date >= to_date($1, 'YYYY-MM') and to_char(date, 'YYYY-MM') = any($2::text[]) group by 1`,
        [months.length ? [...months].sort()[0] : '9999-12', [...months]],
      ),
    ]);
    const categories = new Map(CATEGORIES.map((c) => [c, { category: c, amountFen: 0, count: 0 }]));
    let totalFen = 0;
    for (const row of byCategory.rows) {
      totalFen += row.amount;
      const sum = categories.get(row.category);
      if (sum) {
        sum.amountFen = row.amount;
        sum.count = row.n;
      }
    }
    const found = new Map(byMonth.rows.map((r) => [r.month, r]));
    return {
      totalFen,
      byCategory: [...categories.values()],
      byMonth: months.map((month) => ({ month, amountFen: found.get(month)?.amount ?? 0, count: found.get(month)?.n ?? 0 })),
    };
  }

  async add(...records: AidRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const { rowCount } = await this.db.query(ADD, [JSON.stringify(records.map((r) => codec.jsonRow(r)))]);
    return rowCount ?? 0;
  }
}
