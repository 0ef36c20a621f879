import type { AuditEntry } from '../../model/audit.js';
import type { StaffUser } from '../../model/staff.js';
import type { AuditFilter, AuditQuery, Page } from '../queries.js';
import type { AuditRepo, StaffRepo } from '../staff-repos.js';
import type { Db } from './connect.js';
import { audit, staff } from './records.js';
import { likeText, selectPage, Where } from './sql.js';

/** Dashboard staff accounts in PostgreSQL; usernames are unique whatever their case. */
export class PgStaff implements StaffRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<StaffUser | undefined> {
    const { rows } = await this.db.query(`select ${staff.list} from staff where id = $1`, [id]);
    return rows[0] ? staff.fromRow(rows[0]) : undefined;
  }

  async byUsername(username: string): Promise<StaffUser | undefined> {
    const { rows } = await this.db.query(`select ${staff.list} from staff where lower(username) = lower($1)`, [username.trim()]);
    return rows[0] ? staff.fromRow(rows[0]) : undefined;
  }

  async list(): Promise<StaffUser[]> {
    const { rows } = await this.db.query(`select ${staff.list} from staff`);
    // Sorted here, as people read names (the database sorts by code point).
    return rows.map((r) => staff.fromRow(r)).sort((a, b) => a.username.localeCompare(b.username));
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from staff');
    return rows[0]?.n ?? 0;
  }

  async put(user: StaffUser): Promise<void> {
    await this.db.query(staff.upsertSql, staff.params(user));
  }
}

function auditWhere({ username, action, target }: AuditFilter): Where {
  const where = new Where();
  if (username) where.add('username = ?', username);
  if (action) where.add('action like ?', `${likeText(action)}%`);
  if (target) where.add('target like ?', `%${likeText(target)}%`);
  return where;
}

/** The audit log in PostgreSQL: append-only. */
export class PgAudit implements AuditRepo {
  constructor(private readonly db: Db) {}

  async add(entry: AuditEntry): Promise<void> {
    await this.db.query(audit.upsertSql, audit.params(entry));
  }

  search(query: AuditQuery): Promise<Page<AuditEntry>> {
    return selectPage(
      this.db,
      { list: audit.list, from: 'audit', where: auditWhere(query), order: 'at desc, id desc' },
      query,
      (r) => audit.fromRow(r),
      50,
    );
  }

  async count(filter: AuditFilter): Promise<number> {
    const where = auditWhere(filter);
    const { rows } = await this.db.query<{ n: number }>(`select count(*)::int as n from audit ${where.sql}`, where.params);
    return rows[0]?.n ?? 0;
  }
}
