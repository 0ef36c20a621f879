import type { AuditEntry } from '../../model/audit.js';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { AuditFilter, AuditQuery, Page } from '../queries.js';
import type { AdminSessionRepo, AuditRepo, StaffRepo } from '../staff-repos.js';
import type { JsonCollection } from './collection.js';
import { pageOf } from './indexes.js';

/** Staff accounts over a lowdb collection, indexed by (case-insensitive) username. */
export class LowStaff implements StaffRepo {
  private readonly byName = new Map<string, string>();

  constructor(private readonly col: JsonCollection<StaffUser>) {
    for (const u of col.values()) this.byName.set(u.username.toLowerCase(), u.id);
  }

  async get(id: string): Promise<StaffUser | undefined> {
    return this.col.get(id);
  }

  async byUsername(username: string): Promise<StaffUser | undefined> {
    const id = this.byName.get(username.trim().toLowerCase());
    return id === undefined ? undefined : this.col.get(id);
  }

  async list(): Promise<StaffUser[]> {
    return [...this.col.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  async count(): Promise<number> {
    return this.col.size;
  }

  async put(user: StaffUser): Promise<void> {
    const old = this.col.get(user.id);
    const written = this.col.put(user);
    if (old) this.byName.delete(old.username.toLowerCase());
    this.byName.set(user.username.toLowerCase(), user.id);
    try {
      await written;
    } catch (error) {
      this.byName.clear();
      for (const u of this.col.values()) this.byName.set(u.username.toLowerCase(), u.id);
      throw error;
    }
  }
}

/** Dashboard sessions: small, hot data. */
export class LowAdminSessions implements AdminSessionRepo {
  constructor(private readonly col: JsonCollection<AdminSession>) {}

  async get(id: string): Promise<AdminSession | undefined> {
    return this.col.get(id);
  }

  put(session: AdminSession): Promise<void> {
    return this.col.put(session);
  }

  remove(id: string): Promise<void> {
    return this.col.remove(id);
  }

  async removeForStaff(staffId: string, keepId?: string): Promise<void> {
    const ids = [...this.col.values()].filter((s) => s.staffId === staffId && s.id !== keepId).map((s) => s.id);
    if (ids.length) await this.col.remove(...ids);
  }

  async removeIdleSince(cutoff: Date): Promise<void> {
    const iso = cutoff.toISOString();
    const ids = [...this.col.values()].filter((s) => s.lastSeenAt < iso).map((s) => s.id);
    if (ids.length) await this.col.remove(...ids);
  }
}

/** The audit log: append-only, sharded because it only grows. */
export class LowAudit implements AuditRepo {
  constructor(private readonly col: JsonCollection<AuditEntry>) {}

  add(entry: AuditEntry): Promise<void> {
    return this.col.put(entry);
  }

  async search(query: AuditQuery): Promise<Page<AuditEntry>> {
    const items = this.match(query).sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    return pageOf(items, query, 50);
  }

  async count(filter: AuditFilter): Promise<number> {
    return this.match(filter).length;
  }

  private match({ username, action, target }: AuditFilter): AuditEntry[] {
    return [...this.col.values()].filter(
      (e) =>
        (!username || e.username === username) &&
        (!action || e.action.startsWith(action)) &&
        (!target || (e.target ?? '').includes(target)),
    );
  }
}
