import { join } from 'node:path';
import { serveBackups } from '../../backup/serve-backups.js';
import { trackTargets } from '../../backup/track-targets.js';
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
import type { Store } from '../legacy-store.js';
import { lockDataDir } from '../lock.js';
import { makePrivateDir } from '../private-files.js';
import { LowAid } from './aid.js';
import { LowCadres } from './cadres.js';
import { LowAttempts, LowBindings, LowFeedback } from './chat-state.js';
import { JsonCollection } from './collection.js';
import { LowHouseholdCodes } from './household-codes.js';
import { LowHouseholds, LowMembers } from './households.js';
import { type InboundMark, LowInbound } from './inbound.js';
import { LowLedger } from './ledger.js';
import { LowMeta, type MetaRecord } from './meta.js';
import { type AddressOpener, LowOutbox } from './outbox.js';
import { LowSessions } from './sessions.js';
import { LowAdminSessions, LowAudit, LowStaff } from './staff.js';
import { applyParts, runTransaction, type TxTargets, txTarget } from './store-tx.js';
import { TxLog } from './tx-log.js';
import { upgradeIdProtection } from './upgrade-id-protection.js';
import { LowVisits } from './visits.js';

/**
 * How to open the store: `notice` hears about one-time work done on open (e.g. an upgrade of stored records);
 * `openAddress` lets the outbox deliver to sealed reply addresses; `beforeLoad` runs once the dir is claimed, before
 * anything is read (the data dir's format check and migrations).
 */
export type LowStoreOptions = { notice?: (text: string) => void; openAddress?: AddressOpener; beforeLoad?: () => Promise<void> };

/**
 * Opens the lowdb store in `dir`: claims the dir, loads every collection, upgrades records stored under older rules and
 * builds the indexes. Collections that chat turns write record by record keep a journal (see journal.ts), so a turn
 * writes its record, not the file. Changes that span collections go through transactions.log (tx-log.ts); what a
 * crash left unapplied is applied here.
 */
export async function openLowStore(dir: string, options: LowStoreOptions = {}): Promise<Store> {
  await makePrivateDir(dir);
  const release = lockDataDir(dir);
  try {
    await options.beforeLoad?.();
    // Online backups (src/backup) hold every write at this gate for the instant they copy the files.
    const gate = new WriteGate();
    const collections = {
      sessions: await JsonCollection.open<Session>(dir, 'sessions', { shards: 16, journal: true }),
      forms: await JsonCollection.open<Session>(dir, 'forms', { shards: 4, journal: true }),
      households: await JsonCollection.open<Household>(dir, 'households'),
      members: await JsonCollection.open<Member>(dir, 'members'),
      aid: await JsonCollection.open<AidRecord>(dir, 'aid', { shards: 8 }),
      bindings: await JsonCollection.open<Binding>(dir, 'bindings', { journal: true }),
      attempts: await JsonCollection.open<AttemptLog>(dir, 'attempts', { shards: 4, journal: true }),
      householdCodes: await JsonCollection.open<HouseholdCode>(dir, 'household-codes', { journal: true }),
      outbox: await JsonCollection.open<OutboxMessage>(dir, 'outbox', { shards: 8, journal: true }),
      inbound: await JsonCollection.open<InboundMark>(dir, 'inbound', { shards: 4, journal: true }),
      feedback: await JsonCollection.open<Feedback>(dir, 'feedback', { journal: true }),
      staff: await JsonCollection.open<StaffUser>(dir, 'staff'),
      adminSessions: await JsonCollection.open<AdminSession>(dir, 'admin-sessions', { journal: true }),
      audit: await JsonCollection.open<AuditEntry>(dir, 'audit', { shards: 8, journal: true }),
      cadres: await JsonCollection.open<Cadre>(dir, 'cadres'),
      complaints: await JsonCollection.open<Complaint>(dir, 'complaints', { shards: 4, journal: true }),
      applications: await JsonCollection.open<Application>(dir, 'applications', { shards: 4, journal: true }),
      visits: await JsonCollection.open<Visit>(dir, 'visits', { shards: 16, journal: true }),
      meta: await JsonCollection.open<MetaRecord>(dir, 'meta'),
    };
    await upgradeIdProtection(collections.households, collections.members, options.notice);
    const households = new LowHouseholds(collections.households);
    const outbox = new LowOutbox(collections.outbox, options.openAddress);
    const complaints = new LowLedger(collections.complaints);
    const applications = new LowLedger(collections.applications);
    const visits = new LowVisits(collections.visits);
    const targets: TxTargets = trackTargets(gate, {
      complaints: txTarget(collections.complaints, (b, a) => complaints.changed(b, a)),
      applications: txTarget(collections.applications, (b, a) => applications.changed(b, a)),
      visits: txTarget(collections.visits, (b, a) => visits.changed(b, a)),
      households: txTarget(collections.households, (b, a) => households.changed(b, a)),
      outbox: { ...txTarget(collections.outbox, (b, a) => outbox.changed(b, a)), draft: (to, reply, now) => outbox.draft(to, reply, now) },
      meta: txTarget(collections.meta),
    });
    const txLog = new TxLog(join(dir, 'transactions.log'));
    const floor = Math.max(...Object.values(collections).map((c) => c.lastTx));
    let unwritten = false;
    for (const record of await txLog.replay(floor)) {
      // A collection that cannot be written now (a full disk) still gets the change in memory; the log keeps it.
      await applyParts(targets, record.parts, record.tx, true).catch(() => {
        unwritten = true;
      });
    }
    if (!unwritten) txLog.settleReplayed();
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
      cadres: new LowCadres(collections.cadres),
      complaints,
      applications,
      visits,
      meta: new LowMeta(collections.meta),
      atomically: (build) => runTransaction(txLog, targets, build),
      writtenBytes: () => Object.fromEntries(Object.values(collections).map((c) => [c.name, c.writtenBytes])),
      close: async () => {
        try {
          await txLog.close();
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
