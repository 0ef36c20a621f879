import type { AidRecord } from '../model/aid.js';
import type { Application } from '../model/application.js';
import type { AuditEntry } from '../model/audit.js';
import type { Binding } from '../model/binding.js';
import type { Cadre } from '../model/cadre.js';
import type { Complaint } from '../model/complaint.js';
import type { Feedback } from '../model/feedback.js';
import type { Household, HouseholdCode, Member } from '../model/household.js';
import type { OutboxMessage } from '../model/outbox.js';
import type { Session } from '../model/session.js';
import type { AdminSession, StaffUser } from '../model/staff.js';
import type { Visit } from '../model/visit.js';

/**
 * Every record of a store, by collection, exactly as stored: hashes, masks and sealed addresses stay what they are;
 * a message to a sealed address keeps no user id. Attempts are one record per failure; inbound marks and meta values
 * are spelled out rather than keyed the way one store happens to key them.
 */
export type ExportRecords = {
  meta: { id: string; value: string };
  households: Household;
  members: Member;
  aid: AidRecord;
  cadres: Cadre;
  bindings: Binding;
  householdCodes: HouseholdCode;
  staff: StaffUser;
  adminSessions: AdminSession;
  audit: AuditEntry;
  complaints: Complaint;
  applications: Application;
  visits: Visit;
  feedback: Feedback;
  sessions: Session;
  attempts: { key: string; at: string };
  inbound: { channel: string; userId: string; at: string };
  outbox: OutboxMessage;
};

/** A collection's name. */
export type CollectionName = keyof ExportRecords;

/** Every collection, in the order a copy writes them (complaints before the outbox, whose sealed messages they tag). */
export const COLLECTIONS: readonly CollectionName[] = [
  'meta',
  'households',
  'members',
  'aid',
  'cadres',
  'bindings',
  'householdCodes',
  'staff',
  'adminSessions',
  'audit',
  'complaints',
  'applications',
  'visits',
  'feedback',
  'sessions',
  'attempts',
  'inbound',
  'outbox',
];

/** Reads a whole store, one collection at a time, in batches, so that a copy holds one batch at a time. */
export interface StoreExport {
  count(name: CollectionName): Promise<number>;
  batches<K extends CollectionName>(name: K, size: number): AsyncIterable<ExportRecords[K][]>;
}

/** Writes exported records into a store (inside one transaction, which its owner commits or rolls back). */
export interface StoreLoad {
  /** How many records each collection holds. */
  counts(): Promise<Record<CollectionName, number>>;
  /** Removes every record of every collection. */
  clear(): Promise<void>;
  load<K extends CollectionName>(name: K, records: readonly ExportRecords[K][]): Promise<void>;
  /** Called once every collection is loaded (derived columns, e.g. the outbox's lookup tags). */
  finish(): Promise<void>;
}
