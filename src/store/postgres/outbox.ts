import type { OutboxMessage } from '../../model/outbox.js';
import type { Reply } from '../../model/reply.js';
import type { OutboxAddress, OutboxRepo } from '../chat-repos.js';
import { draftOutboxMessage } from '../outbox-draft.js';
import type { Db } from './connect.js';
import { outbox as codec } from './records.js';

/** Opens sealed reply addresses (undefined when sealed under another key) and tags chat accounts (src/privacy/reply-address.ts). */
export type SealedAddresses = {
  open(address: { channel: string; sealed: string }): string | undefined;
  tag?(address: { channel: string; userId: string }): string;
};

const RETURNING = codec.columns.map((c) => `o.${c.column}`).join(', ');
const INSERT = `insert into outbox (${codec.list}, sealed_tag) values (${codec.columns.map((_, i) => `$${i + 1}`).join(', ')}, $${codec.columns.length + 1})`;

// Oldest due messages no live claim holds; rows another instance is claiming right now are skipped, not waited for.
// A chat's messages are claimed only oldest first: one behind an older pending message of the same chat that is not
// claimed here too (another instance holds it, or it waits for a retry) stays, so no instance overtakes another.
// $5 = user id or null, $6 = that user's sealed-address tag or null, $7 = whether to ignore retry times.
const CLAIM = `
  with candidates as (
    select id, created_at, user_id, sealed_tag from outbox
    where channel = $1 and status = 'pending'
      and ($7 or not_before is null or not_before <= $2)
      and (claimed_until is null or claimed_until <= $2)
      and ($5::text is null or user_id = $5 or sealed_tag = $6)
    order by created_at, id
    limit $3
    for update skip locked
  ), due as (
    select c.id from candidates c
    where not exists (
        select 1 from outbox older
        where older.channel = $1 and older.status = 'pending' and older.sealed_tag = c.sealed_tag
          and (older.created_at, older.id) < (c.created_at, c.id) and older.id not in (select id from candidates))
      and not exists (
        select 1 from outbox older
        where older.channel = $1 and older.status = 'pending' and c.user_id <> '' and older.user_id = c.user_id
          and (older.created_at, older.id) < (c.created_at, c.id) and older.id not in (select id from candidates))
  )
  update outbox o set claimed_until = $2::timestamptz + $4 * interval '1 millisecond'
  from due
  where o.id = due.id
  returning ${RETURNING}`;

// $5: the ids of sealed messages to take (found by tag and opened first), or null for none.
const TAKE_FOR = `
  update outbox o set status = 'sent', attempts = o.attempts + 1, sent_at = $4, claimed_until = null
  from (
    select id from outbox
    where channel = $1 and status = 'pending' and (claimed_until is null or claimed_until <= $4)
      and ((user_id = $2 and sealed_to is null) or (sealed_tag = $3 and id = any($5::text[])))
    for update skip locked
  ) mine
  where o.id = mine.id
  returning ${RETURNING}`;

const SEALED_FOR = `
  select id, sealed_to from outbox
  where channel = $1 and status = 'pending' and sealed_tag = $2 and (claimed_until is null or claimed_until <= $3)`;

// A message sealed under another key is parked for an hour rather than handed out (or claimed again at once).
const PARK = `update outbox set claimed_until = $2::timestamptz + interval '1 hour' where id = any($1::text[])`;

const oldestFirst = (a: OutboxMessage, b: OutboxMessage) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Stores a drafted message (on a transaction's client when given), with the lookup tag of a sealed address. */
export async function insertMessage(db: Db, message: OutboxMessage, to: OutboxAddress): Promise<void> {
  await db.query(INSERT, [...codec.params(message), 'sealed' in to ? to.tag : null]);
}

/**
 * The outbox shared by every instance. A sender claims due messages (`FOR UPDATE SKIP LOCKED`, then a lease): no
 * other instance gets them while the claim lasts, and a crashed sender's claims lapse after `leaseMs`, so another
 * instance sends its messages. Marking a message sent, retried or unreachable ends the claim.
 */
export class PgOutbox implements OutboxRepo {
  constructor(
    private readonly db: Db,
    private readonly addresses: SealedAddresses,
  ) {}

  async enqueue(channel: string, userId: string, reply: Reply, now = new Date()): Promise<OutboxMessage> {
    const message = draftOutboxMessage({ channel, userId }, reply, now);
    await insertMessage(this.db, message, { channel, userId });
    return message;
  }

  async claim(
    channel: string,
    now: Date,
    options: { limit: number; leaseMs: number; userId?: string; ignoreNotBefore?: boolean },
  ): Promise<OutboxMessage[]> {
    const { limit, leaseMs, userId, ignoreNotBefore = false } = options;
    const tag = userId === undefined ? null : (this.addresses.tag?.({ channel, userId }) ?? null);
    const { rows } = await this.db.query(CLAIM, [channel, now, limit, leaseMs, userId ?? null, tag, ignoreNotBefore]);
    const ready: OutboxMessage[] = [];
    const unopenable: string[] = [];
    for (const m of rows.map((row) => codec.fromRow(row))) {
      const opened = m.sealedTo === undefined ? m.userId : this.addresses.open({ channel: m.channel, sealed: m.sealedTo });
      if (opened && (userId === undefined || opened === userId)) ready.push({ ...m, userId: opened });
      else unopenable.push(m.id);
    }
    if (unopenable.length > 0) await this.db.query(PARK, [unopenable, now]);
    return ready.sort(oldestFirst);
  }

  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('update outbox set claimed_until = null where id = any($1::text[])', [[...ids]]);
  }

  async takeFor(channel: string, userId: string, now: Date): Promise<OutboxMessage[]> {
    const tag = this.addresses.tag?.({ channel, userId }) ?? null;
    const sealed = tag === null ? [] : await this.sealedFor(channel, userId, tag, now);
    const { rows } = await this.db.query(TAKE_FOR, [channel, userId, tag, now, sealed.length > 0 ? sealed : null]);
    return rows.map((row) => ({ ...codec.fromRow(row), userId })).sort(oldestFirst);
  }

  /** The ids of the user's sealed messages (by tag) that open to them; any that do not open are parked. */
  private async sealedFor(channel: string, userId: string, tag: string, now: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string; sealed_to: string }>(SEALED_FOR, [channel, tag, now]);
    const unopenable = rows.filter((r) => this.addresses.open({ channel, sealed: r.sealed_to }) !== userId).map((r) => r.id);
    if (unopenable.length > 0) await this.db.query(PARK, [unopenable, now]);
    return rows.filter((r) => !unopenable.includes(r.id)).map((r) => r.id);
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.db.query(`update outbox set status = 'sent', attempts = attempts + 1, sent_at = $2, claimed_until = null where id = $1`, [
      id,
      now,
    ]);
  }

  async markRetry(id: string, error: string, notBefore: Date): Promise<void> {
    await this.db.query('update outbox set attempts = attempts + 1, last_error = $2, not_before = $3, claimed_until = null where id = $1', [
      id,
      error,
      notBefore,
    ]);
  }

  async markUnreachable(id: string, error: string): Promise<void> {
    await this.db.query(
      `update outbox set status = 'unreachable', attempts = attempts + 1, last_error = $2, claimed_until = null where id = $1`,
      [id, error],
    );
  }

  async counts(): Promise<Record<OutboxMessage['status'], number>> {
    const counts: Record<OutboxMessage['status'], number> = { pending: 0, sent: 0, unreachable: 0 };
    const { rows } = await this.db.query<{ status: OutboxMessage['status']; n: number }>(
      'select status, count(*)::int as n from outbox group by status',
    );
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async pending(channel: string, limit: number): Promise<OutboxMessage[]> {
    const { rows } = await this.db.query(
      `select * from outbox where channel = $1 and status = 'pending' order by created_at, id limit $2`,
      [channel, limit],
    );
    const opened: OutboxMessage[] = [];
    for (const m of rows.map((row) => codec.fromRow(row))) {
      const userId = m.sealedTo === undefined ? m.userId : this.addresses.open({ channel: m.channel, sealed: m.sealedTo });
      if (userId) opened.push({ ...m, userId });
    }
    return opened;
  }

  async countPending(channel: string, lastError?: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `select count(*)::int as n from outbox where channel = $1 and status = 'pending' and ($2::text is null or last_error = $2)`,
      [channel, lastError ?? null],
    );
    return rows[0]?.n ?? 0;
  }
}
