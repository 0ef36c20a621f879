/** Remembers keys for a while, to answer WeChat's retries of a message only once. */
export class RecentKeys {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly capacity = 5_000,
  ) {}

  /** Records the key; true when it was already recorded within the time to live. */
  seen(key: string, now: number): boolean {
    const at = this.seenAt.get(key);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.seenAt.delete(key);
    this.seenAt.set(key, now);
    // Insertion order is age order: the oldest keys are first.
    for (const [oldKey, oldAt] of this.seenAt) {
      if (this.seenAt.size <= this.capacity && now - oldAt < this.ttlMs) break;
      this.seenAt.delete(oldKey);
    }
    return false;
  }
}
