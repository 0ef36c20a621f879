import type { AuditEntry } from '../model/audit.js';
import type { AdminSession, StaffUser } from '../model/staff.js';
import type { AuditFilter, AuditQuery, Page } from './queries.js';

/** Dashboard staff accounts. */
export interface StaffRepo {
  get(id: string): Promise<StaffUser | undefined>;
  byUsername(username: string): Promise<StaffUser | undefined>;
  /** Sorted by username. */
  list(): Promise<StaffUser[]>;
  count(): Promise<number>;
  put(user: StaffUser): Promise<void>;
}

/** Server-side dashboard sessions, shared by every instance. */
export interface AdminSessionRepo {
  get(id: string): Promise<AdminSession | undefined>;
  put(session: AdminSession): Promise<void>;
  remove(id: string): Promise<void>;
  /** Ends every session of a staff user except `keepId` (after a password change or when disabled). */
  removeForStaff(staffId: string, keepId?: string): Promise<void>;
  /** Drops sessions last seen before `cutoff`. */
  removeIdleSince(cutoff: Date): Promise<void>;
}

/** The append-only log of staff actions. */
export interface AuditRepo {
  add(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  search(query: AuditQuery): Promise<Page<AuditEntry>>;
  count(filter: AuditFilter): Promise<number>;
}
