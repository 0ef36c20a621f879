import { serveBackups } from '../../backup/serve-backups.js';
import { WriteGate } from '../../backup/write-gate.js';
import { lockDataDir } from '../lock.js';
import { makePrivateDir } from '../private-files.js';
import type { Store } from '../store.js';
import type { StoreExport } from '../store-export.js';
import { LowAid } from './aid.js';
import { LowCadres } from './cadres.js';
import { LowAttempts, LowBindings, LowFeedback } from './chat-state.js';
import { LocalCoordination } from './coordination.js';
import { lowExport } from './export-reader.js';
import { LowHouseholdCodes } from './household-codes.js';
import { LowHouseholds, LowMembers } from './households.js';
import { LowInbound } from './inbound.js';
import { LowLedger } from './ledger.js';
import { applicationMatcher, applicationSummary, complaintMatcher, complaintSummary } from './ledger-filters.js';
import { loadCollections } from './load-collections.js';
import { LowMeta } from './meta.js';
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
    const { collections, log } = await loadCollections(dir, gate);
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
