import type { CollectionName, ExportRecords, StoreLoad } from '../store-export.js';
import type { Codec } from './codec.js';
import type { Db } from './connect.js';
import * as records from './records.js';

/** How one collection lands in its table: the table and each record as a JSON row keyed by column. */
type Target<K extends CollectionName> = { table: string; row: (record: ExportRecords[K]) => Record<string, unknown> };

const by = <T extends object>(codec: Codec<T>) => ({ table: codec.table, row: (r: T) => codec.jsonRow(r) });

const TARGETS: { [K in CollectionName]: Target<K> } = {
  meta: { table: 'meta', row: (m) => ({ id: m.id, value: m.value }) },
  households: by(records.households),
  members: by(records.members),
  aid: by(records.aid),
  cadres: by(records.cadres),
  bindings: by(records.bindings),
  householdCodes: by(records.householdCodes),
  staff: by(records.staff),
  adminSessions: by(records.adminSessions),
  audit: by(records.audit),
  complaints: by(records.complaints),
  applications: by(records.applications),
  visits: by(records.visits),
  feedback: by(records.feedback),
  sessions: by(records.sessions),
  attempts: { table: 'attempt_failures', row: (a) => ({ key: a.key, at: a.at }) },
  inbound: { table: 'inbound', row: (i) => ({ channel: i.channel, user_id: i.userId, at: i.at }) },
  outbox: by(records.outbox),
};

/**
 * Loads exported records into the PostgreSQL schema, a batch per statement (json_populate_recordset: one parameter
 * however many rows), on one client whose transaction the caller holds. Plain inserts: a duplicate is an error, not
 * an overwrite, so the counts compared afterwards mean what they say.
 */
export class PgBulkLoad implements StoreLoad {
  constructor(private readonly db: Db) {}

  async counts(): Promise<Record<CollectionName, number>> {
    const names = Object.keys(TARGETS) as CollectionName[];
    const sql = names.map((name) => `select '${name}' as name, count(*)::int as n from ${TARGETS[name].table}`).join(' union all ');
    const { rows } = await this.db.query<{ name: CollectionName; n: number }>(sql);
    return Object.fromEntries(rows.map((r) => [r.name, r.n])) as Record<CollectionName, number>;
  }

  async clear(): Promise<void> {
    const tables = [...new Set(Object.values(TARGETS).map((t) => t.table))];
    await this.db.query(`truncate ${tables.join(', ')}`);
  }

  async load<K extends CollectionName>(name: K, batch: readonly ExportRecords[K][]): Promise<void> {
    if (batch.length === 0) return;
    const { table, row } = TARGETS[name] as Target<K>;
    const first = row(batch[0] as ExportRecords[K]);
    const columns = Object.keys(first).join(', ');
    await this.db.query(`insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, $1::json)`, [
      JSON.stringify(batch.map(row)),
    ]);
  }

  async finish(): Promise<void> {
    // A message to a sealed address was queued with its complaint's sealed address: the tag, which lets a pull channel
    // (web) find the user's messages, is taken from there. Nothing is opened.
    await this.db.query(
      `update outbox o set sealed_tag = c.reply_to ->> 'tag'
       from complaints c
       where o.sealed_to is not null and o.sealed_tag is null and c.reply_to ->> 'sealed' = o.sealed_to and c.reply_to ->> 'channel' = o.channel`,
    );
  }
}
