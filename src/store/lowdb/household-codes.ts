import type { HouseholdCode } from '../../model/household.js';
import type { HouseholdCodeRepo } from '../legacy-store.js';
import type { JsonCollection } from './collection.js';

/** One-time household verification codes over a small journaled collection, indexed by code hash. */
export class LowHouseholdCodes implements HouseholdCodeRepo {
  private readonly byHash = new Map<string, string>();

  constructor(private readonly col: JsonCollection<HouseholdCode>) {
    for (const code of col.values()) this.byHash.set(code.codeHash, code.id);
  }

  async issue(code: HouseholdCode): Promise<void> {
    const old = this.col.get(code.id);
    await this.col.put(code);
    if (old) this.byHash.delete(old.codeHash);
    this.byHash.set(code.codeHash, code.id);
  }

  async redeem(codeHash: string, now: Date): Promise<HouseholdCode | undefined> {
    const id = this.byHash.get(codeHash);
    const code = id === undefined ? undefined : this.col.get(id);
    if (!code || code.codeHash !== codeHash) return undefined;
    // Forgotten before the first await, so a concurrent redeem of the same code finds nothing.
    this.byHash.delete(codeHash);
    try {
      await this.col.remove(code.id);
    } catch (error) {
      this.byHash.set(codeHash, code.id);
      throw error;
    }
    return Date.parse(code.expiresAt) > now.getTime() ? code : undefined;
  }

  async removeExpired(now: Date): Promise<number> {
    const expired = [...this.col.values()].filter((c) => Date.parse(c.expiresAt) <= now.getTime());
    if (expired.length === 0) return 0;
    await this.col.remove(...expired.map((c) => c.id));
    for (const c of expired) if (this.byHash.get(c.codeHash) === c.id) this.byHash.delete(c.codeHash);
    return expired.length;
  }
}
