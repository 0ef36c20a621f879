import { createHmac } from 'node:crypto';
import type { Household, Member } from '../../src/model/household.js';

// Records as the code before the current ID protection stored them (mask with the last 4, bare HMAC-SHA256 hashes),
// written out here so that the upgrade of older data dirs is tested against the real old format.

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** A household as the older importer stored it. */
export function legacyHousehold(key: string, id: string, headName: string, householdId = 'H1001'): Household {
  return {
    id: householdId,
    headName,
    idMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
    idHash: hmac(key, id),
    verifyHash: hmac(key, `${headName}|${id.slice(-6)}`),
    county: '井冈山市',
    township: '茅坪乡',
    village: '神山村',
    size: 3,
    attribute: '一般贫困户',
    causes: ['因病'],
    status: '已脱贫',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

/** A member as the older importer stored it: its record id held the first 12 hex digits of the HMAC. */
export function legacyMember(key: string, id: string, name: string, householdId = 'H1001'): Member {
  const idHash = hmac(key, id);
  return {
    id: `${householdId}:${idHash.slice(0, 12)}`,
    householdId,
    name,
    idMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
    idHash,
    verifyHash: hmac(key, `${name}|${id.slice(-6)}`),
    relation: '之女',
  };
}
