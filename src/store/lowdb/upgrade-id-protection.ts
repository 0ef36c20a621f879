import type { Household, Member } from '../../model/household.js';
import { maskIdNumber } from '../../privacy/id-number.js';
import { isLegacyHash, stretchHash } from '../../privacy/keyed-hash.js';
import { memberRecordId } from '../member-id.js';
import type { JsonCollection } from './collection.js';

/** Records upgraded together: scrypt runs on the thread pool, and one collection write carries the whole batch. */
const BATCH = 5000;

type Protected = { idMasked: string; idHash: string; verifyHash: string };

/**
 * Brings records stored under the older ID protection up to the current one without knowing any ID number: a mask that
 * kept the last 4 characters is cut to the first 4, and a bare HMAC is stretched with scrypt, which is exactly what the
 * hasher stores now. Members are re-keyed, as their record id holds the start of the hash. Idempotent: a second run
 * finds nothing. Returns how many records changed.
 */
export async function upgradeIdProtection(
  households: JsonCollection<Household>,
  members: JsonCollection<Member>,
  notice: (text: string) => void = () => {},
): Promise<number> {
  const oldHouseholds = [...households.values()].filter(needsUpgrade);
  const oldMembers = [...members.values()].filter(needsUpgrade);
  const total = oldHouseholds.length + oldMembers.length;
  if (total === 0) return 0;
  const started = Date.now();
  notice(`Upgrading the ID protection of ${total} stored records (masks, hashes); this runs once.`);
  for (let i = 0; i < oldHouseholds.length; i += BATCH) {
    await households.put(...(await Promise.all(oldHouseholds.slice(i, i + BATCH).map(upgrade))));
  }
  for (let i = 0; i < oldMembers.length; i += BATCH) {
    const batch = oldMembers.slice(i, i + BATCH);
    const upgraded = await Promise.all(
      batch.map(async (m) => {
        const next = await upgrade(m);
        // Only ids the importer derived from the hash follow it; other ids stay as they are.
        return m.id === memberRecordId(m.householdId, m.idHash) ? { ...next, id: memberRecordId(m.householdId, next.idHash) } : next;
      }),
    );
    // The new records first: a crash in between leaves both, and the next run re-keys the old ones onto the same ids.
    await members.put(...upgraded);
    const gone = batch.filter((m, j) => m.id !== upgraded[j]?.id).map((m) => m.id);
    if (gone.length > 0) await members.remove(...gone);
  }
  notice(`ID protection upgraded: ${total} records in ${Math.round((Date.now() - started) / 1000)} s.`);
  return total;
}

function needsUpgrade(record: Protected): boolean {
  return record.idMasked !== maskIdNumber(record.idMasked) || isLegacyHash(record.idHash) || isLegacyHash(record.verifyHash);
}

async function upgrade<T extends Protected>(record: T): Promise<T> {
  const [idHash, verifyHash] = await Promise.all([
    isLegacyHash(record.idHash) ? stretchHash('id', record.idHash) : record.idHash,
    isLegacyHash(record.verifyHash) ? stretchHash('verify', record.verifyHash) : record.verifyHash,
  ]);
  return { ...record, idMasked: maskIdNumber(record.idMasked), idHash, verifyHash };
}
