import type pg from 'pg';
import type { Store } from '../store.js';
import { PgAdminSessions } from './admin-sessions.js';
import { PgAid } from './aid.js';
import { PgAttempts } from './attempts.js';
import { PgCadres } from './cadres.js';
import { PgBindings, PgFeedback, PgHouseholdCodes, PgInbound, PgMeta, PgSessions } from './chat-state.js';
import { createPool, type PgSettings } from './connect.js';
import { PgCoordination } from './coordination.js';
import { PgHouseholds, PgMembers } from './households.js';
import { applicationLedger, complaintLedger } from './ledger.js';
import { migrate } from './migrate.js';
import { PgOutbox, type SealedAddresses } from './outbox.js';
import { PgAudit, PgStaff } from './staff.js';
import { runTransaction } from './transaction.js';
import { PgVisits } from './visits.js';

/** How to open the PostgreSQL store: where (PgSettings), how sealed reply addresses open, and the lock pool's size. */
export type PgStoreOptions = PgSettings & { addresses?: SealedAddresses; lockConnections?: number };

/**
 * Opens the PostgreSQL store: two pools (queries, and conversation locks, so that lock holders never starve the
 * queries they wait for), the schema migrated to the latest version first. Nothing is loaded into memory: start-up
 * time and memory do not grow with the data.
 */
export async function openPgStore(options: PgStoreOptions): Promise<Store> {
  const { addresses = { open: () => undefined }, lockConnections = 10, ...settings } = options;
  const pool = createPool(settings);
  const lockPool = createPool({ ...settings, max: lockConnections, applicationName: `${settings.applicationName ?? 'bangfu'}-locks` });
  try {
    await migrate(pool);
  } catch (error) {
    await Promise.all([pool.end(), lockPool.end()]);
    throw error;
  }
  return pgStoreOn({ pool, lockPool, addresses, close: () => Promise.all([pool.end(), lockPool.end()]).then(() => {}) });
}

/** Pools a store works on (migrated already), how sealed addresses open, and what closing the store does. */
export type PgStorePools = { pool: pg.Pool; lockPool: pg.Pool; addresses: SealedAddresses; close: () => Promise<void> };

/** The store over pools opened and migrated elsewhere (openPgStore; tests that share one pool per file). */
export function pgStoreOn({ pool, lockPool, addresses, close }: PgStorePools): Store {
  return {
    sessions: new PgSessions(pool),
    households: new PgHouseholds(pool),
    members: new PgMembers(pool),
    aid: new PgAid(pool),
    bindings: new PgBindings(pool),
    attempts: new PgAttempts(pool),
    householdCodes: new PgHouseholdCodes(pool),
    outbox: new PgOutbox(pool, addresses),
    inbound: new PgInbound(pool),
    feedback: new PgFeedback(pool),
    complaints: complaintLedger(pool),
    applications: applicationLedger(pool),
    visits: new PgVisits(pool),
    meta: new PgMeta(pool),
    staff: new PgStaff(pool),
    adminSessions: new PgAdminSessions(pool),
    audit: new PgAudit(pool),
    cadres: new PgCadres(pool),
    coordination: new PgCoordination(pool, lockPool),
    transaction: (fn) => runTransaction(pool, fn),
    // The database counts what it writes itself (pg_stat_statements, WAL); nothing is counted per collection here.
    writtenBytes: () => ({}),
    close,
  };
}
