import type { AdminSession } from '../../model/staff.js';
import type { Db } from './connect.js';
import { adminSessions as codec } from './records.js';

/** Dashboard sessions in the database: a staff member signed in through one instance is signed in on all of them. */
export class PgAdminSessions {
  constructor(private readonly db: Db) {}

  /** The session with this id (a hash of the cookie value). */
  async get(id: string): Promise<AdminSession | undefined> {
    const { rows } = await this.db.query(`select ${codec.list} from admin_sessions where id = $1`, [id]);
    return rows[0] ? codec.fromRow(rows[0]) : undefined;
  }

  /** Stores a new or refreshed session. */
  async put(session: AdminSession): Promise<void> {
    await this.db.query(codec.upsertSql, codec.params(session));
  }

  /** Ends one session. */
  async remove(id: string): Promise<void> {
    await this.db.query('delete from admin_sessions where id = $1', [id]);
  }

  /** Ends every session of a staff user except `keepId`. */
  async removeForStaff(staffId: string, keepId?: string): Promise<void> {
    await this.db.query('delete from admin_sessions where staff_id = $1 and id is distinct from $2', [staffId, keepId ?? null]);
  }

  /** Drops sessions last seen before `cutoff`. */
  async removeIdleSince(cutoff: Date): Promise<void> {
    await this.db.query('delete from admin_sessions where last_seen_at < $1', [cutoff]);
  }
}
