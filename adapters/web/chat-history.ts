import type { Choice, Reply } from '../../src/model/reply.js';

/** One line of a web conversation as the page shows it: what the user sent, a reply, or a proactive notice. */
export type HistoryEntry =
  | { from: 'user'; text: string; photo?: true; at: string }
  | { from: 'bot' | 'notice'; text: string; choices?: Choice[]; accepts?: string[]; at: string };

/** How much is kept: lines per user, users in all (least recently seen are dropped first), and for how long. */
export type HistoryLimits = { maxEntries: number; maxUsers: number; keepMs: number };

/** The default limits: about a day of one conversation's last screens, for a few thousand browsers at most. */
export const HISTORY_LIMITS: HistoryLimits = { maxEntries: 60, maxUsers: 5_000, keepMs: 24 * 3600_000 };

/** Replies remembered per user by the client's message id, so a retried send is answered once. */
const MAX_ANSWERED = 20;

type Thread = { entries: HistoryEntry[]; seenAt: number; answered: Map<string, Promise<Reply[]>> };

/**
 * What each web user's page has shown, kept in memory only: a reload shows the conversation again, while nothing of
 * it (form answers included) is written to disk. A restart forgets it; the page then greets the user afresh.
 */
export class ChatHistory {
  private readonly threads = new Map<string, Thread>();

  constructor(
    private readonly now: () => number,
    private readonly limits: HistoryLimits = HISTORY_LIMITS,
  ) {}

  /** Appends lines to a user's conversation. */
  add(userId: string, ...entries: HistoryEntry[]): void {
    const thread = this.thread(userId, true);
    if (!thread) return;
    thread.entries.push(...entries);
    if (thread.entries.length > this.limits.maxEntries) thread.entries.splice(0, thread.entries.length - this.limits.maxEntries);
  }

  /** The user's last `limit` lines, oldest first. */
  recent(userId: string, limit: number): HistoryEntry[] {
    return this.thread(userId, false)?.entries.slice(-limit) ?? [];
  }

  /** The label of a choice the user was shown lately, to show their tap as they saw it. */
  labelOf(userId: string, choiceId: string): string | undefined {
    const entries = this.thread(userId, false)?.entries ?? [];
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const entry = entries[i];
      const found = entry && entry.from !== 'user' ? entry.choices?.find((c) => c.id === choiceId) : undefined;
      if (found) return found.label;
    }
    return undefined;
  }

  /**
   * Runs `work` once per client message id: a send retried because its answer was lost (or still on its way) gets the
   * same replies instead of being taken as a second message.
   */
  once(userId: string, messageId: string | undefined, work: () => Promise<Reply[]>): { replies: Promise<Reply[]>; repeat: boolean } {
    const thread = messageId === undefined ? undefined : this.thread(userId, true);
    if (!thread || messageId === undefined) return { replies: work(), repeat: false };
    const earlier = thread.answered.get(messageId);
    if (earlier) return { replies: earlier, repeat: true };
    const replies = work();
    thread.answered.set(messageId, replies);
    // A failed turn may be tried again for real.
    replies.catch(() => thread.answered.delete(messageId));
    if (thread.answered.size > MAX_ANSWERED) {
      const oldest = thread.answered.keys().next().value;
      if (oldest !== undefined) thread.answered.delete(oldest);
    }
    return { replies, repeat: false };
  }

  /** How many users are remembered (for tests). */
  get size(): number {
    return this.threads.size;
  }

  private thread(userId: string, create: boolean): Thread | undefined {
    const now = this.now();
    let thread = this.threads.get(userId);
    if (thread && now - thread.seenAt > this.limits.keepMs) {
      this.threads.delete(userId);
      thread = undefined;
    }
    if (!thread && !create) return undefined;
    thread ??= { entries: [], seenAt: now, answered: new Map() };
    // Re-inserting keeps the map in least-recently-seen order, so the oldest conversation is dropped first.
    this.threads.delete(userId);
    thread.seenAt = now;
    this.threads.set(userId, thread);
    if (this.threads.size > this.limits.maxUsers) {
      const oldest = this.threads.keys().next().value;
      if (oldest !== undefined) this.threads.delete(oldest);
    }
    return thread;
  }
}

/** A turn's lines: what the user sent as they saw it, then the replies. */
export function turnEntries(shown: { text: string; photo?: true }, replies: Reply[], at: string): HistoryEntry[] {
  return [{ from: 'user', ...shown, at }, ...replyEntries('bot', replies, at)];
}

/** Replies (or proactive notices) as history lines. */
export function replyEntries(from: 'bot' | 'notice', replies: Reply[], at: string): HistoryEntry[] {
  return replies.map((r) => ({ from, ...r, at }));
}
