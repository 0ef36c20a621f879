import { APPLICATION_STATUSES, type Application, HARDSHIP_EVENTS } from '../../model/application.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint } from '../../model/complaint.js';
import type { LedgerItem, LedgerRepo } from '../ledger-repos.js';
import type { ApplicationFilter, ApplicationSummary, ComplaintFilter, ComplaintSummary, Page, PageRequest } from '../queries.js';
import type { Codec } from './codec.js';
import type { Db } from './connect.js';
import { applications, complaints } from './records.js';
import { likeText, selectPage, Where } from './sql.js';

/** One group of a summary query: a status, a category or event, and a township. */
type SummaryRow = { status: string; kind: string; township: string; n: number; overdue: number };

/** How one ledger's filter becomes SQL and its figures a summary. */
type LedgerSql<F, S> = {
  /** Adds the filter's conditions. */
  where(filter: F, where: Where): void;
  /** The overdue condition on `today` (a parameter placeholder). */
  overdue(today: string): string;
  /** The column the summary also counts by (category or event). */
  kind: string;
  summary(rows: SummaryRow[]): S;
};

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

// A tracking code (any case) or part of a village name.
function named(where: Where, q: string | undefined): void {
  if (q) where.add('(tracking_code = ? or village like ?)', q.toUpperCase(), `%${likeText(q)}%`);
}

function overdueFilter(where: Where, overdue: boolean | undefined, today: string | undefined, condition: (today: string) => string): void {
  if (overdue === undefined) return;
  // Without a day nothing is overdue (as isOverdue with an empty day).
  const test = today ? `coalesce(${condition(where.param(today))}, false)` : 'false';
  where.add(overdue ? test : `not ${test}`);
}

const complaintOverdue = (today: string) => `(status not in ('closed', 'rejected') and deadline is not null and deadline < ${today}::date)`;

/** Complaints: filters as in ComplaintFilter, visibility as canSeeComplaint (model/complaint.ts). */
export const complaintSql: LedgerSql<ComplaintFilter, ComplaintSummary> = {
  where(f, where) {
    if (f.status) where.add('status = ?', f.status);
    if (f.category) where.add('category = ?', f.category);
    if (f.township) where.add('township = ?', f.township);
    named(where, f.q);
    overdueFilter(where, f.overdue, f.today, complaintOverdue);
    if (f.viewer && f.viewer.role !== 'admin' && f.viewer.role !== 'supervisor') {
      if (f.viewer.role === 'reviewer') where.add(`(not sensitive and (coalesce(assignee, '') = '' or assignee = ?))`, f.viewer.unit);
      else where.add('false');
    }
    if (f.sensitive !== undefined) where.add('sensitive = ?', f.sensitive);
    if (f.legacy) where.add('(reporter is not null or (anonymous and household_id is not null))');
  },
  overdue: complaintOverdue,
  kind: 'category',
  summary(rows) {
    const s: ComplaintSummary = {
      total: 0,
      overdue: 0,
      byStatus: zeroes(Object.keys(COMPLAINT_STATUSES) as (keyof typeof COMPLAINT_STATUSES)[]),
      byCategory: zeroes(COMPLAINT_CATEGORIES),
      byTownship: {},
    };
    for (const r of rows) {
      s.total += r.n;
      s.overdue += r.overdue;
      s.byStatus[r.status as keyof typeof COMPLAINT_STATUSES] += r.n;
      s.byCategory[r.kind as keyof ComplaintSummary['byCategory']] += r.n;
      s.byTownship[r.township] = (s.byTownship[r.township] ?? 0) + r.n;
    }
    return s;
  },
};

const applicationOverdue = (today: string) =>
  `((status = 'submitted' and check_deadline < ${today}::date) or (status in ('checking', 'reviewing') and decision_deadline < ${today}::date))`;

/** Hardship applications: filters as in ApplicationFilter, overdue as isApplicationOverdue (model/application.ts). */
export const applicationSql: LedgerSql<ApplicationFilter, ApplicationSummary> = {
  where(f, where) {
    if (f.status) where.add('status = ?', f.status);
    if (f.township) where.add('township = ?', f.township);
    named(where, f.q);
    overdueFilter(where, f.overdue, f.today, applicationOverdue);
  },
  overdue: applicationOverdue,
  kind: 'event',
  summary(rows) {
    const s: ApplicationSummary = {
      total: 0,
      overdue: 0,
      byStatus: zeroes(Object.keys(APPLICATION_STATUSES) as (keyof typeof APPLICATION_STATUSES)[]),
      byEvent: zeroes(HARDSHIP_EVENTS),
    };
    for (const r of rows) {
      s.total += r.n;
      s.overdue += r.overdue;
      s.byStatus[r.status as keyof typeof APPLICATION_STATUSES] += r.n;
      s.byEvent[r.kind as keyof ApplicationSummary['byEvent']] += r.n;
    }
    return s;
  },
};

/** A ledger (complaints or hardship applications) in PostgreSQL: lookups by index, filters and figures in SQL. */
export class PgLedger<T extends LedgerItem, F extends { today?: string }, S> implements LedgerRepo<T, F, S> {
  constructor(
    private readonly db: Db,
    private readonly codec: Codec<T>,
    private readonly sql: LedgerSql<F, S>,
  ) {}

  async get(id: string): Promise<T | undefined> {
    return (await this.select('where id = $1', [id]))[0];
  }

  async byTrackingCode(code: string): Promise<T | undefined> {
    return (await this.select('where tracking_code = $1', [code]))[0];
  }

  byReporterAddress(channel: string, userId: string): Promise<T[]> {
    return this.select(
      `where reporter is not null and reporter ->> 'channel' = $1 and reporter ->> 'userId' = $2 order by created_at, id`,
      [channel, userId],
    );
  }

  byReplyTag(tag: string): Promise<T[]> {
    if (this.codec.table !== 'complaints') return Promise.resolve([]);
    return this.select(`where reply_to is not null and reply_to ->> 'tag' = $1 order by created_at, id`, [tag]);
  }

  byHousehold(householdId: string): Promise<T[]> {
    return this.select('where household_id = $1 order by created_at, id', [householdId]);
  }

  search(query: F & PageRequest): Promise<Page<T>> {
    const where = new Where();
    this.sql.where(query, where);
    return selectPage(this.db, { list: this.codec.list, from: this.codec.table, where, order: 'created_at desc, id desc' }, query, (r) =>
      this.codec.fromRow(r),
    );
  }

  async list(filter: F): Promise<T[]> {
    const where = new Where();
    this.sql.where(filter, where);
    return this.select(`${where.sql} order by created_at desc, id desc`, where.params);
  }

  async summary(filter: F): Promise<S> {
    const where = new Where();
    this.sql.where(filter, where);
    const overdue = filter.today ? `count(*) filter (where ${this.sql.overdue(where.param(filter.today))})::int` : '0';
    const { rows } = await this.db.query<SummaryRow>(
      `select status, ${this.sql.kind} as kind, township, count(*)::int as n, ${overdue} as overdue
         from ${this.codec.table} ${where.sql} group by 1, 2, 3`,
      where.params,
    );
    return this.sql.summary(rows);
  }

  async put(item: T): Promise<void> {
    await this.db.query(this.codec.upsertSql, this.codec.params(item));
  }

  private async select(rest: string, params: unknown[]): Promise<T[]> {
    const { rows } = await this.db.query(`select ${this.codec.list} from ${this.codec.table} ${rest}`, params);
    return rows.map((r) => this.codec.fromRow(r));
  }
}

/** Complaints (问题台账) in PostgreSQL. */
export const complaintLedger = (db: Db) => new PgLedger<Complaint, ComplaintFilter, ComplaintSummary>(db, complaints, complaintSql);
/** Hardship applications (防返贫申报) in PostgreSQL. */
export const applicationLedger = (db: Db) =>
  new PgLedger<Application, ApplicationFilter, ApplicationSummary>(db, applications, applicationSql);
