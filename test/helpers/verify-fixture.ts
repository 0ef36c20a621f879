import { hashEnrolmentCode } from '../../src/core/enrolment-code.js';
import type { Cadre } from '../../src/model/cadre.js';
import type { Household } from '../../src/model/household.js';
import { createHasher } from '../../src/privacy/keyed-hash.js';
import type { Store } from '../../src/store/store.js';

/** ID_HASH_KEY of the apps these fixtures are stored into. */
export const VERIFY_HASH_KEY = 'verify-fixture-key-0123456789abcdef0123';
/** The household head whose name and ID tail verify; the cadre's enrolment code. */
export const FAMILY = { id: 'H100', name: '张大山', tail: '150117', cadreCode: 'K7PX3MWQ' } as const;

/** A registered household of `name` whose ID number ends in `tail`, hashed under VERIFY_HASH_KEY. */
export async function verifiableHousehold(id: string, name: string, tail: string, village = '石桥村'): Promise<Household> {
  const hasher = createHasher(VERIFY_HASH_KEY);
  return {
    id,
    headName: name,
    idMasked: '3601**************',
    idHash: await hasher.idHash(`36010119600101${tail.slice(-4)}`),
    verifyHash: await hasher.verifyHash(name, tail),
    county: '演示县',
    township: '青山乡',
    village,
    size: 3,
    attribute: '一般贫困户',
    causes: ['因病'],
    status: '已脱贫',
    cadreName: '刘帮扶',
    cadrePhone: '13900001111',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** FAMILY's household, and its cadre 刘帮扶 (village 石桥村) with the one-time enrolment code FAMILY.cadreCode. */
export async function seedFamily(store: Store, now: Date): Promise<void> {
  await store.households.upsert(await verifiableHousehold(FAMILY.id, FAMILY.name, FAMILY.tail));
  const cadre: Cadre = {
    id: 'C1',
    name: '刘帮扶',
    phone: '13900001111',
    villages: ['石桥村'],
    householdIds: [],
    status: 'active',
    codeHash: hashEnrolmentCode(FAMILY.cadreCode),
    codeExpiresAt: new Date(now.getTime() + 7 * 24 * 3600_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.cadres.put(cadre);
}
