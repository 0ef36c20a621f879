import { STRETCHED_PREFIX } from '../privacy/keyed-hash.js';

/** The id of a member record: the household and the start of the person's stretched ID hash, stable across re-imports. */
export function memberRecordId(householdId: string, idHash: string): string {
  const hex = idHash.startsWith(STRETCHED_PREFIX) ? idHash.slice(STRETCHED_PREFIX.length) : idHash;
  return `${householdId}:${hex.slice(0, 12)}`;
}
