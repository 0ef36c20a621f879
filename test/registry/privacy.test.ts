import { createHmac, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, isLegacyHash, stretchHash } from '../../src/privacy/keyed-hash.js';
import { redact } from '../../src/privacy/redact.js';
import { fakeId } from './helpers.js';

describe('createHasher', () => {
  const key = 'k'.repeat(40);
  const hasher = createHasher(key);
  const id = fakeId('19800101', 7);
  const scrypted = (hmac: Buffer, purpose: 'id' | 'verify') =>
    `s1:${scryptSync(hmac, `bangfu:${purpose}`, 32, { N: purpose === 'id' ? 16 : 64, r: 8, p: 1 }).toString('hex')}`;

  it('is scrypt over HMAC-SHA256 of the upper-cased ID', async () => {
    const hmac = createHmac('sha256', key).update(id.toUpperCase()).digest();
    expect(await hasher.idHash(id.toLowerCase())).toBe(scrypted(hmac, 'id'));
  });

  it('hashes name|last6 for verification, ignoring spaces and case', async () => {
    const expected = scrypted(
      createHmac('sha256', key)
        .update(`张大山|${id.slice(-6)}`)
        .digest(),
      'verify',
    );
    expect(await hasher.verifyHash('张大山', id.slice(-6))).toBe(expected);
    expect(await hasher.verifyHash(' 张 大山 ', ` ${id.slice(-6).toLowerCase()} `)).toBe(expected);
  });

  it('differs under another key', async () => {
    expect(await createHasher('z'.repeat(40)).idHash(id)).not.toBe(await hasher.idHash(id));
  });

  it('stretches a stored legacy HMAC to exactly what it now stores, without the ID', async () => {
    const legacy = createHmac('sha256', key).update(id).digest('hex');
    expect(isLegacyHash(legacy)).toBe(true);
    expect(isLegacyHash(await hasher.idHash(id))).toBe(false);
    expect(await stretchHash('id', legacy)).toBe(await hasher.idHash(id));
    expect(await stretchHash('verify', legacy)).not.toBe(await hasher.idHash(id));
  });
});

describe('redact', () => {
  const id = fakeId('19620315', 11);

  it.each([
    ['an ID', `身份证 ${id} 核验失败`, `身份证 ${id.slice(0, 4)}************** 核验失败`],
    ['an ID ending in x', `id=${id.slice(0, 17)}x.`, `id=${id.slice(0, 4)}**************.`],
    ['a mobile', '电话13900000101，请回电', '电话139****0101，请回电'],
    ['a dashed mobile', '手机 139-0000-0101', '手机 139****0101'],
    ['a +86 mobile', '+8613900000101', '+86139****0101'],
    ['a spaced +86 mobile', '+86 139 0000 0101', '+86 139****0101'],
    ['no personal data', '户编号 YS-0001 金额 1200', '户编号 YS-0001 金额 1200'],
    ['a 12-digit number', '订单 123456789012', '订单 123456789012'],
  ])('handles %s', (_label, input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
