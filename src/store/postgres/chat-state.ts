import type { Binding } from '../../model/binding.js';
import type { Feedback } from '../../model/feedback.js';
import type { HouseholdCode } from '../../model/household.js';
import type { Session } from '../../model/session.js';
import type { BindingRepo, FeedbackRepo, HouseholdCodeRepo, InboundRepo, MetaRepo, SessionRepo } from '../chat-repos.js';
import type { Page, PageRequest } from '../queries.js';
import type { Db } from './connect.js';
import { bindings, feedback, householdCodes, sessions } from './records.js';
import { selectPage, Where } from './sql.js';

/** Chat sessions in PostgreSQL; a form's answers are cleared from the row when the form ends or expires. */
export class PgSessions implements SessionRepo {
  constructor(private readonly db: Db) {}

  async getSession(id: string): Promise<Session | undefined> {
    const { rows } = await this.db.query(`select ${sessions.list} from chat_sessions where id = $1`, [id]);
    return rows[0] ? sessions.fromRow(rows[0]) : undefined;
  }

  async saveSession(session: Session): Promise<void> {
    await this.db.query(sessions.upsertSql, sessions.params(session));
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from chat_sessions');
    return rows[0]?.n ?? 0;
  }

  async removeIdleSince(cutoff: Date): Promise<number> {
    const { rowCount } = await this.db.query('delete from chat_sessions where updated_at < $1', [cutoff]);
    return rowCount ?? 0;
  }

  async expireForms(cutoff: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      'update chat_sessions set form = null, form_expired = true, version = version + 1 where form is not null and updated_at < $1',
      [cutoff],
    );
    return rowCount ?? 0;
  }
}

/** Chat bindings in PostgreSQL. */
export class PgBindings implements BindingRepo {
  constructor(private readonly db: Db) {}

  async get(channel: string, userId: string): Promise<Binding | undefined> {
    const { rows } = await this.db.query(`select ${bindings.list} from bindings where id = $1`, [`${channel}:${userId}`]);
    return rows[0] ? bindings.fromRow(rows[0]) : undefined;
  }

  async byTarget(kind: Binding['kind'], targetId: string): Promise<Binding[]> {
    const { rows } = await this.db.query(`select ${bindings.list} from bindings where kind = $1 and target_id = $2 order by bound_at, id`, [
      kind,
      targetId,
    ]);
    return rows.map((r) => bindings.fromRow(r));
  }

  async bind(binding: Binding): Promise<void> {
    await this.db.query(bindings.upsertSql, bindings.params(binding));
  }

  async unbind(channel: string, userId: string): Promise<void> {
    await this.db.query('delete from bindings where id = $1', [`${channel}:${userId}`]);
  }
}

/** One-time household codes in PostgreSQL; a redeem deletes the code in the same statement that finds it. */
export class PgHouseholdCodes implements HouseholdCodeRepo {
  constructor(private readonly db: Db) {}

  async issue(code: HouseholdCode): Promise<void> {
    await this.db.query(householdCodes.upsertSql, householdCodes.params(code));
  }

  async redeem(codeHash: string, now: Date): Promise<HouseholdCode | undefined> {
    const { rows } = await this.db.query(`delete from household_codes where code_hash = $1 returning ${householdCodes.list}`, [codeHash]);
    const code = rows[0] ? householdCodes.fromRow(rows[0]) : undefined;
    return code && Date.parse(code.expiresAt) > now.getTime() ? code : undefined;
  }

  async removeExpired(now: Date): Promise<number> {
    const { rowCount } = await this.db.query('delete from household_codes where expires_at <= $1', [now]);
    return rowCount ?? 0;
  }
}

/** Last-inbound times in PostgreSQL; a mark is rewritten at most every ten minutes per user (the window it serves is 48 hours). */
export class PgInbound implements InboundRepo {
  constructor(private readonly db: Db) {}

  async lastInbound(channel: string, userId: string): Promise<Date | undefined> {
    const { rows } = await this.db.query<{ at: Date }>('select at from inbound where channel = $1 and user_id = $2', [channel, userId]);
    return rows[0]?.at;
  }

  async noteInbound(channel: string, userId: string, at: Date): Promise<void> {
    await this.db.query(
      `insert into inbound as i (channel, user_id, at) values ($1, $2, $3)
       on conflict (channel, user_id) do update set at = excluded.at where excluded.at - i.at >= interval '10 minutes'`,
      [channel, userId, at],
    );
  }
}

/** Messages for the county office in PostgreSQL. */
export class PgFeedback implements FeedbackRepo {
  constructor(private readonly db: Db) {}

  async add(item: Feedback): Promise<void> {
    await this.db.query(feedback.upsertSql, feedback.params(item));
  }

  search(query: PageRequest): Promise<Page<Feedback>> {
    return selectPage(
      this.db,
      { list: feedback.list, from: 'feedback', where: new Where(), order: 'created_at desc, id desc' },
      query,
      (r) => feedback.fromRow(r),
    );
  }
}

/** Small named values in PostgreSQL. */
export class PgMeta implements MetaRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ value: string }>('select value from meta where id = $1', [id]);
    return rows[0]?.value;
  }

  async set(id: string, value: string): Promise<void> {
    await this.db.query('insert into meta (id, value) values ($1, $2) on conflict (id) do update set value = excluded.value', [id, value]);
  }
}
