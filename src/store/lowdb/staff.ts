import type { AuditEntry } from '../../model/audit.js';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { AdminSessionRepo, AuditQuery, AuditRepo, Page, StaffRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** Staff accounts over a lowdb collection, indexed by (case-insensitive) username. */
export class LowStaff implements StaffRepo {
  private readonly byName = new Map<string, string>();

  constructor(private readonly col: JsonCollection<StaffUser>) {
    for (const u of col.values()) this.byName.set(u.username.toLowerCase(), u.id);
  }

  get(id: string): StaffUser | undefined {
    return this.col.get(id);
  }

  byUsername(username: string): StaffUser | undefined {
    const id = this.byName.get(username.trim().toLowerCase());
    return id === undefined ? undefined : this.col.get(id);
  }

  list(): StaffUser[] {
    return [...this.col.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  count(): number {
    return this.col.size;
  }

  async put(user: StaffUser): Promise<void> {
    const old = this.col.get(user.id);
    await this.col.put(user);
    if (old) this.byName.delete(old.username.toLowerCase());
    this.byName.set(user.username.toLowerCase(), user.id);
  }
}

/** Dashboard sessions: small, hot data in its own file. */
export class LowAdminSessions implements AdminSessionRepo {
  constructor(private readonly col: JsonCollection<AdminSession>) {}

  get(id: string): AdminSession | undefined {
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

  search({ username, action, target, page = 1, pageSize = 50 }: AuditQuery): Page<AuditEntry> {
    const items = [...this.col.values()].filter(
      (e) =>
        (!username || e.username === username) &&
        (!action || e.action.startsWith(action)) &&
        (!target || (e.target ?? '').includes(target)),
    );
    items.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
  }
}
