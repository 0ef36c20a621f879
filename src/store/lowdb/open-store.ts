import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { serveBackups } from '../../backup/serve-backups.js';
import { WriteGate } from '../../backup/write-gate.js';
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
import { lockDataDir } from '../lock.js';
import { makePrivateDir } from '../private-files.js';
import type { Store } from '../store.js';
import type { StoreExport } from '../store-export.js';
import { LowAid } from './aid.js';
import { LowCadres } from './cadres.js';
import { LowAttempts, LowBindings, LowFeedback } from './chat-state.js';
import { JsonCollection } from './collection.js';
import { LocalCoordination } from './coordination.js';
import { lowExport } from './export-reader.js';
import { GroupLog } from './group-log.js';
import { LowHouseholdCodes } from './household-codes.js';
import { LowHouseholds, LowMembers } from './households.js';
import { type InboundMark, LowInbound } from './inbound.js';
import { LowLedger } from './ledger.js';
import { applicationMatcher, applicationSummary, complaintMatcher, complaintSummary } from './ledger-filters.js';
import { LowMeta, type MetaRecord } from './meta.js';
import { type AddressOpener, LowOutbox } from './outbox.js';
import { LowSessions } from './sessions.js';
import { LowAdminSessions, LowAudit, LowStaff } from './staff.js';
import { LowTransactions } from './store-tx.js';
import { upgradeIdProtection } from './upgrade-id-protection.js';
import { LowVisits } from './visits.js';

/**
 * How to open the store: `notice` hears about one-time work done on open (e.g. an upgrade of stored records);
 * `openAddress` lets the outbox deliver to sealed reply addresses; `beforeLoad` runs once the dir is claimed, before
 * anything is read (the data dir's format check and migrations); `exportTo` is handed a reader of every record as
 * stored (`npm run migrate-store`).
 */
export type LowStoreOptions = {
  notice?: (text: string) => void;
  openAddress?: AddressOpener;
  beforeLoad?: () => Promise<void>;
  exportTo?: (reader: StoreExport) => void;
};

/**
 * Opens the lowdb store in `dir`: claims the dir, loads every collection's snapshots, replays the group-commit log
 * (store.log, see group-log.ts) over them, upgrades records stored under older rules and builds the indexes. A data
 * dir written before store.log (a journal per collection and transactions.log) is replayed the old way and folded
 * into the snapshots once.
 */
export async function openLowStore(dir: string, options: LowStoreOptions = {}): Promise<Store> {
  await makePrivateDir(dir);
  const release = lockDataDir(dir);
  try {
    await options.beforeLoad?.();
    // Online backups (src/backup) hold every disk write at this gate for the instant they copy the files.
    const gate = new WriteGate();
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
    // Rewritten into the snapshots at once: the weaker masks and hashes must not stay on disk until the next checkpoint.
    if ((await upgradeIdProtection(collections.households, collections.members, options.notice)) > 0) await log.checkpoint();
    options.exportTo?.(lowExport(collections));
    const cadres = new LowCadres(collections.cadres);
    const visits = new LowVisits(collections.visits);
    const households = new LowHouseholds(collections.households, {
      cadre: (id) => cadres.peek(id),
      lastVisit: (id) => visits.lastDate(id),
    });
    visits.link(households, cadres);
    const outbox = new LowOutbox(collections.outbox, options.openAddress);
    const complaints = new LowLedger(collections.complaints, { matcher: complaintMatcher, summary: complaintSummary });
    const applications = new LowLedger(collections.applications, { matcher: applicationMatcher, summary: applicationSummary });
    const transactions = new LowTransactions(log, {
      complaints: { col: collections.complaints, changed: (b, a) => complaints.changed(b, a) },
      applications: { col: collections.applications, changed: (b, a) => applications.changed(b, a) },
      visits: { col: collections.visits, changed: (b, a) => visits.changed(b, a) },
      households: { col: collections.households, changed: (b, a) => households.changed(b, a) },
      cadres: { col: collections.cadres, changed: (b, a) => cadres.changed(b, a) },
      meta: { col: collections.meta },
      outbox: { col: collections.outbox, changed: (b, a) => outbox.changed(b, a), draft: (to, reply, now) => outbox.draft(to, reply, now) },
    });
    const store: Store = {
      sessions: new LowSessions(collections.sessions, collections.forms),
      households,
      members: new LowMembers(collections.members),
      aid: new LowAid(collections.aid),
      bindings: new LowBindings(collections.bindings),
      attempts: new LowAttempts(collections.attempts),
      householdCodes: new LowHouseholdCodes(collections.householdCodes),
      outbox,
      inbound: new LowInbound(collections.inbound),
      feedback: new LowFeedback(collections.feedback),
      staff: new LowStaff(collections.staff),
      adminSessions: new LowAdminSessions(collections.adminSessions),
      audit: new LowAudit(collections.audit),
      cadres,
      complaints,
      applications,
      visits,
      meta: new LowMeta(collections.meta),
      coordination: new LocalCoordination(),
      transaction: (fn) => transactions.run(fn),
      writtenBytes: () => ({
        ...Object.fromEntries(Object.values(collections).map((c) => [c.name, c.writtenBytes])),
        'store.log': log.appendedBytes,
      }),
      close: async () => {
        try {
          // A stopped data dir is then all snapshots: the next start replays nothing, and a copy of it is plain JSON.
          if (log.bytes > 0) await log.checkpoint();
          await log.close();
          await Promise.all(Object.values(collections).map((c) => c.close()));
        } finally {
          release();
        }
      },
    };
    return await serveBackups(dir, store, gate, options.notice);
  } catch (error) {
    release();
    throw error;
  }
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
