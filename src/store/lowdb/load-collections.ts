import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AidRecord } from '../../model/aid.js';
import type { Application } from '../../model/application.js';
import type { AuditEntry } from '../../model/audit.js';
import type { AttemptLog, Binding } from '../../model/binding.js';
import type { Cadre } from '../../model/cadre.js';
import type { Complaint } from '../../model/complaint.js';
import type { Feedback } from '../../model/feedback.js';
import type { Household, HouseholdCode, Member } from '../../model/household.js';
import type { OutboxMessage } from '../../model/outbox.js';
import type { Session } from '../../model/session.js';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { Visit } from '../../model/visit.js';
import { JsonCollection } from './collection.js';
import type { DiskGate } from './disk-gate.js';
import { GroupLog } from './group-log.js';
import type { InboundMark } from './inbound.js';
import type { MetaRecord } from './meta.js';

/** Every collection of a lowdb data dir, loaded, and the store log they share. */
export type LoadedCollections = Awaited<ReturnType<typeof loadCollections>>;

/**
 * Loads every collection's snapshots and replays the group-commit log (store.log) over them. A data dir of format 1
 * (a journal per collection and transactions.log) is replayed the old way and folded into the snapshots, and its old
 * files removed, so what is left is format 2 (snapshots and store.log).
 */
export async function loadCollections(dir: string, gate?: DiskGate) {
  const logged: JsonCollection<{ id: string }>[] = [];
  const checkpointAll = async () => {
    const bytes = await Promise.all(logged.map((c) => c.checkpoint()));
    return bytes.reduce((a, b) => a + b, 0);
  };
  const log = new GroupLog(join(dir, 'store.log'), checkpointAll, 0, gate);
  const open = async <T extends { id: string }>(name: string, shards = 1): Promise<JsonCollection<T>> => {
    const col = await JsonCollection.open<T>(dir, name, { shards, log });
    logged.push(col as unknown as JsonCollection<{ id: string }>);
    return col;
  };
  const collections = {
    sessions: await open<Session>('sessions', 16),
    // Open forms keep their own journal: a finished form is purged from it (see LowSessions).
    forms: await JsonCollection.open<Session>(dir, 'forms', { shards: 4, journal: true, gate }),
    households: await open<Household>('households'),
    members: await open<Member>('members'),
    aid: await open<AidRecord>('aid', 8),
    bindings: await open<Binding>('bindings'),
    attempts: await open<AttemptLog>('attempts', 4),
    householdCodes: await open<HouseholdCode>('household-codes'),
    outbox: await open<OutboxMessage>('outbox', 8),
    inbound: await open<InboundMark>('inbound', 4),
    feedback: await open<Feedback>('feedback'),
    staff: await open<StaffUser>('staff'),
    adminSessions: await open<AdminSession>('admin-sessions'),
    audit: await open<AuditEntry>('audit', 8),
    cadres: await open<Cadre>('cadres'),
    complaints: await open<Complaint>('complaints', 4),
    applications: await open<Application>('applications', 4),
    visits: await open<Visit>('visits', 16),
    meta: await open<MetaRecord>('meta'),
  };
  const byName = new Map(logged.map((c) => [c.name, c]));
  const collection = (name: string) => {
    const col = byName.get(name);
    if (!col) throw new Error(`The store log names an unknown collection "${name}"; restore the data dir from a backup.`);
    return col;
  };
  const legacyTx = join(dir, 'transactions.log');
  const replayedLegacy = await replayLegacyTransactions(legacyTx, collection);
  await log.replay((parts) => {
    for (const part of parts) collection(part.c).replay(part.puts, part.dels);
  });
  const legacyJournals = logged.flatMap((c) => c.legacyJournals);
  if (replayedLegacy || legacyJournals.length > 0) {
    // Once in the snapshots, the old per-collection journals and transactions.log are not needed any more.
    await log.checkpoint();
    for (const file of [...legacyJournals, legacyTx]) await rm(file, { force: true });
  }
  return { collections, log };
}

/** Folds a format-1 data dir (which the caller has locked) into format 2: the data format migration to 2. */
export async function foldLegacyFormat(dir: string): Promise<void> {
  const { collections, log } = await loadCollections(dir);
  await log.close();
  await Promise.all(Object.values(collections).map((c) => c.close()));
}

/**
 * Applies what transactions.log (data dirs from before store.log) holds and the collections do not yet: each shard
 * remembers the last transaction it took. Returns whether the file was there.
 */
async function replayLegacyTransactions(path: string, collection: (name: string) => JsonCollection<{ id: string }>): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  for (const [i, line] of lines.entries()) {
    if (line === '') continue;
    let record: { tx: number; parts: { collection: string; puts: { id: string }[]; dels: string[] }[] };
    try {
      record = JSON.parse(line);
    } catch (error) {
      // A complete but garbled last line is a torn append: that transaction never happened.
      if (i === lines.length - 1 && tail === '') break;
      throw new Error(
        `Transaction log ${path} line ${i + 1} is not valid JSON (${(error as Error).message}). Restore the data dir from a backup; it was not changed.`,
      );
    }
    for (const part of record.parts) collection(part.collection).replayLegacyTx(record.tx, part.puts, part.dels);
  }
  return true;
}
