import type { AttemptLog, Binding } from '../../model/binding.js';
import type { Feedback } from '../../model/feedback.js';
import type { AttemptRepo, BindingRepo, FeedbackRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';
import { indexAdd, indexRemove } from './households.js';

/** Verified chat bindings, indexed by target. */
export class LowBindings implements BindingRepo {
  private readonly byTargetIndex = new Map<string, Binding[]>();

  constructor(private readonly col: JsonCollection<Binding>) {
    for (const b of col.values()) indexAdd(this.byTargetIndex, `${b.kind}:${b.targetId}`, b);
  }

  get(channel: string, userId: string): Binding | undefined {
    return this.col.get(`${channel}:${userId}`);
  }

  byTarget(kind: Binding['kind'], targetId: string): Binding[] {
    return this.byTargetIndex.get(`${kind}:${targetId}`) ?? [];
  }

  async bind(binding: Binding): Promise<void> {
    const old = this.col.get(binding.id);
    await this.col.put(binding);
    if (old) indexRemove(this.byTargetIndex, `${old.kind}:${old.targetId}`, (b) => b.id === old.id);
    indexAdd(this.byTargetIndex, `${binding.kind}:${binding.targetId}`, binding);
  }

  async unbind(channel: string, userId: string): Promise<void> {
    const old = this.get(channel, userId);
    if (!old) return;
    await this.col.remove(old.id);
    indexRemove(this.byTargetIndex, `${old.kind}:${old.targetId}`, (b) => b.id === old.id);
  }
}

const ATTEMPT_HORIZON_MS = 7 * 24 * 3600_000;

/** Failure logs for rate-limited verification, pruned as they age. */
export class LowAttempts implements AttemptRepo {
  constructor(private readonly col: JsonCollection<AttemptLog>) {}

  failuresSince(key: string, since: Date): number {
    return this.failureTimes(key, since).length;
  }

  failureTimes(key: string, since: Date): Date[] {
    const cutoff = since.toISOString();
    return (this.col.get(key)?.failures ?? []).filter((at) => at >= cutoff).map((at) => new Date(at));
  }

  async recordFailure(keys: string[], at: Date): Promise<void> {
    const horizon = new Date(at.getTime() - ATTEMPT_HORIZON_MS).toISOString();
    const logs = keys.map((id) => ({
      id,
      failures: [...(this.col.get(id)?.failures ?? []).filter((f) => f >= horizon), at.toISOString()],
    }));
    await this.col.put(...logs);
  }

  async removeStale(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() - ATTEMPT_HORIZON_MS).toISOString();
    const stale = [...this.col.values()].filter((log) => (log.failures.at(-1) ?? '') < horizon).map((log) => log.id);
    if (stale.length > 0) await this.col.remove(...stale);
    return stale.length;
  }
}

/** Messages left for the county office. */
export class LowFeedback implements FeedbackRepo {
  constructor(private readonly col: JsonCollection<Feedback>) {}

  add(feedback: Feedback): Promise<void> {
    return this.col.put(feedback);
  }

  list(): Feedback[] {
    return [...this.col.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
