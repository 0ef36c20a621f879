import type { Cadre } from '../../model/cadre.js';
import type { Household } from '../../model/household.js';
import type { CadreQuery, Page } from '../queries.js';
import type { CadreRepo } from '../registry-repos.js';
import type { Db } from './connect.js';
import { cadres as codec } from './records.js';
import { likeText, selectPage, Where } from './sql.js';

const toCadre = (row: Record<string, unknown>) => codec.fromRow(row);

// Consumed in one statement: of two instances redeeming the same code at once, one gets the row and the other none.
const REDEEM = `update cadres set code_hash = null, code_expires_at = null, updated_at = $2
  where code_hash = $1 and status = 'active' and code_expires_at > $2
  returning ${codec.list}`;

/** Cadres and their enrolment codes in PostgreSQL. */
export class PgCadres implements CadreRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Cadre | undefined> {
    const { rows } = await this.db.query(`select ${codec.list} from cadres where id = $1`, [id]);
    return rows[0] ? toCadre(rows[0]) : undefined;
  }

  search({ q, village, status, ...page }: CadreQuery): Promise<Page<Cadre>> {
    const where = new Where();
    if (status) where.add('status = ?', status);
    if (village) where.add('villages @> array[?::text]', village);
    const needle = q?.trim();
    if (needle) where.add(`(name like ? or coalesce(org, '') like ? or id like ?)`, ...Array(3).fill(`%${likeText(needle)}%`));
    return selectPage(this.db, { list: codec.list, from: 'cadres', where, order: 'created_at desc, id' }, page, toCadre);
  }

  async list(filter: { status?: Cadre['status'] } = {}): Promise<Cadre[]> {
    const where = new Where();
    if (filter.status) where.add('status = ?', filter.status);
    const { rows } = await this.db.query(`select ${codec.list} from cadres ${where.sql} order by id`, where.params);
    return rows.map(toCadre);
  }

  async put(cadre: Cadre): Promise<void> {
    await this.db.query(codec.upsertSql, codec.params(cadre));
  }

  async redeemCode(codeHash: string, now: Date): Promise<Cadre | undefined> {
    const { rows } = await this.db.query(REDEEM, [codeHash, now]);
    return rows[0] ? toCadre(rows[0]) : undefined;
  }

  async forHousehold(household: Pick<Household, 'id' | 'village'>): Promise<Cadre[]> {
    const { rows } = await this.db.query(
      `select ${codec.list} from cadres where status = 'active' and (villages @> array[$1::text] or household_ids @> array[$2::text]) order by id`,
      [household.village, household.id],
    );
    return rows.map(toCadre);
  }
}
