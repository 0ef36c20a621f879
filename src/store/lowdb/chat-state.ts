import type { AttemptLog, Binding } from '../../model/binding.js';
import type { Feedback } from '../../model/feedback.js';
import type { AttemptRepo, BindingRepo, FeedbackRepo } from '../chat-repos.js';
import type { Page, PageRequest } from '../queries.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove, newestFirst, pageOf } from './indexes.js';

/** Verified chat bindings, indexed by target. */
export class LowBindings implements BindingRepo {
  private readonly byTargetIndex = new Map<string, Binding[]>();

  constructor(private readonly col: JsonCollection<Binding>) {
    for (const b of col.values()) indexAdd(this.byTargetIndex, `${b.kind}:${b.targetId}`, b);
  }

  async get(channel: string, userId: string): Promise<Binding | undefined> {
    return this.col.get(`${channel}:${userId}`);
  }

  async byTarget(kind: Binding['kind'], targetId: string): Promise<Binding[]> {
    return [...(this.byTargetIndex.get(`${kind}:${targetId}`) ?? [])];
  }

  async bind(binding: Binding): Promise<void> {
    const old = this.col.get(binding.id);
    const written = this.col.put(binding);
    this.changed(old, binding);
    try {
      await written;
    } catch (error) {
      this.changed(binding, this.col.get(binding.id));
      throw error;
    }
  }

  async unbind(channel: string, userId: string): Promise<void> {
    const old = this.col.get(`${channel}:${userId}`);
    if (!old) return;
    const written = this.col.remove(old.id);
    this.changed(old, undefined);
    try {
      await written;
    } catch (error) {
      this.changed(undefined, this.col.get(old.id));
      throw error;
    }
  }

  private changed(before: Binding | undefined, after: Binding | undefined): void {
    if (before) indexRemove(this.byTargetIndex, `${before.kind}:${before.targetId}`, (b) => b.id === before.id);
    if (after) indexAdd(this.byTargetIndex, `${after.kind}:${after.targetId}`, after);
  }
}

const ATTEMPT_HORIZON_MS = 7 * 24 * 3600_000;

/** Failure logs for rate-limited verification and logins, pruned as they age. */
export class LowAttempts implements AttemptRepo {
  constructor(private readonly col: JsonCollection<AttemptLog>) {}

  async failuresSince(key: string, since: Date): Promise<number> {
    return this.times(key, since).length;
  }

  async failureTimes(key: string, since: Date): Promise<Date[]> {
    return this.times(key, since);
  }

  async recordFailure(keys: string[], at: Date): Promise<void> {
    const horizon = new Date(at.getTime() - ATTEMPT_HORIZON_MS).toISOString();
    const logs = keys.map((id) => ({
      id,
      failures: [...(this.col.get(id)?.failures ?? []).filter((f) => f >= horizon), at.toISOString()].sort(),
    }));
    await this.col.put(...logs);
  }

  async removeStale(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() - ATTEMPT_HORIZON_MS).toISOString();
    const stale = [...this.col.values()].filter((log) => (log.failures.at(-1) ?? '') < horizon).map((log) => log.id);
    if (stale.length > 0) await this.col.remove(...stale);
    return stale.length;
  }

  private times(key: string, since: Date): Date[] {
    const cutoff = since.toISOString();
    return (this.col.get(key)?.failures ?? []).filter((at) => at >= cutoff).map((at) => new Date(at));
  }
}

/** Messages left for the county office. */
export class LowFeedback implements FeedbackRepo {
  constructor(private readonly col: JsonCollection<Feedback>) {}

  add(feedback: Feedback): Promise<void> {
    return this.col.put(feedback);
  }

  async search(query: PageRequest): Promise<Page<Feedback>> {
    return pageOf([...this.col.values()].sort(newestFirst), query);
  }
}
