import { createHmac } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHasher, KEY_FILE, loadHashKey } from '../../src/privacy/keyed-hash.js';
import { redact } from '../../src/privacy/redact.js';
import { fakeId, tempDir } from './helpers.js';

describe('createHasher', () => {
  const key = 'k'.repeat(40);
  const hasher = createHasher(key);
  const id = fakeId('19800101', 7);

  it('is HMAC-SHA256 of the upper-cased ID', () => {
    expect(hasher.idHash(id.toLowerCase())).toBe(createHmac('sha256', key).update(id.toUpperCase()).digest('hex'));
  });

  it('hashes name|last6 for verification, ignoring spaces and case', () => {
    const expected = createHmac('sha256', key)
      .update(`张大山|${id.slice(-6)}`)
      .digest('hex');
    expect(hasher.verifyHash('张大山', id.slice(-6))).toBe(expected);
    expect(hasher.verifyHash(' 张 大山 ', ` ${id.slice(-6).toLowerCase()} `)).toBe(expected);
  });

  it('differs under another key', () => {
    expect(createHasher('z'.repeat(40)).idHash(id)).not.toBe(hasher.idHash(id));
  });
});

describe('loadHashKey', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('prefers the configured key', async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    expect(await loadHashKey(tmp.dir, 'e'.repeat(40))).toBe('e'.repeat(40));
  });

  it('generates a key once, with mode 0600, and reuses it', async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    const first = await loadHashKey(join(tmp.dir, 'data'));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const path = join(tmp.dir, 'data', KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await loadHashKey(join(tmp.dir, 'data'))).toBe(first);
    expect((await readFile(path, 'utf8')).trim()).toBe(first);
  });

  it('refuses a truncated key file instead of silently changing every hash', async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    await writeFile(join(tmp.dir, KEY_FILE), 'short\n');
    await expect(loadHashKey(tmp.dir)).rejects.toThrow(/shorter than 32/);
  });
});

describe('redact', () => {
  const id = fakeId('19620315', 11);

  it.each([
    ['an ID', `身份证 ${id} 核验失败`, `身份证 ${id.slice(0, 4)}**********${id.slice(-4)} 核验失败`],
    ['an ID ending in x', `id=${id.slice(0, 17)}x.`, `id=${id.slice(0, 4)}**********${id.slice(14, 17)}x.`],
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
