import type { Session } from '../../model/session.js';
import type { SessionRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/**
 * Chat sessions over two sharded collections. `sessions` holds a session between forms and never a form's
 * answers; a session with an open form is written to `forms` instead, and when the form ends (submitted,
 * cancelled, expired) its record there is purged: the `forms` journal is folded into its snapshot, so the
 * answers (a complaint's text, the choice of 匿名, the household it came from) leave no line on disk. `forms`
 * holds only open forms, so that fold stays small. A read takes whichever copy is newer (`version`).
 */
export class LowSessions implements SessionRepo {
  constructor(
    private readonly sessions: JsonCollection<Session>,
    private readonly forms: JsonCollection<Session>,
  ) {}

  getSession(id: string): Session | undefined {
    const idle = this.sessions.get(id);
    const open = this.forms.get(id);
    if (!open) return idle;
    return !idle || open.version >= idle.version ? open : idle;
  }

  async saveSession(session: Session): Promise<void> {
    if (session.form) {
      await this.forms.put(session);
      return;
    }
    // Written first: should the purge fail, the newer version here still hides the form.
    await this.sessions.put(session);
    if (this.forms.get(session.id)) await this.forms.purge(session.id);
  }

  count(): number {
    let count = this.sessions.size;
    for (const s of this.forms.values()) if (!this.sessions.get(s.id)) count += 1;
    return count;
  }

  async removeIdleSince(cutoff: Date): Promise<number> {
    const before = cutoff.getTime();
    const idle = (col: JsonCollection<Session>) => [...col.values()].filter((s) => Date.parse(s.updatedAt) < before).map((s) => s.id);
    const sessions = idle(this.sessions);
    const forms = idle(this.forms);
    if (sessions.length > 0) await this.sessions.remove(...sessions);
    // Purged, not removed: a form's answers must not survive in its journal.
    if (forms.length > 0) await this.forms.purge(...forms);
    return new Set([...sessions, ...forms]).size;
  }

  async expireForms(cutoff: Date): Promise<number> {
    const limit = cutoff.toISOString();
    const idle = [...this.forms.values()].filter((s) => s.updatedAt < limit && this.getSession(s.id) === s);
    const stale = [...this.forms.values()].filter((s) => this.getSession(s.id) !== s).map((s) => s.id);
    if (idle.length === 0 && stale.length === 0) return 0;
    const closed = idle.map(({ form: _, ...rest }): Session => ({ ...rest, formExpired: true, version: rest.version + 1 }));
    if (closed.length > 0) await this.sessions.put(...closed);
    await this.forms.purge(...idle.map((s) => s.id), ...stale);
    return closed.length;
  }
}
