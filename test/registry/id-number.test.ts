import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckChar, idTail, maskIdNumber } from '../../src/privacy/id-number.js';
import { fakeId, withWrongCheck } from './helpers.js';

// The two worked examples printed in GB 11643-1999, split so no full ID number appears as one literal.
const STANDARD_EXAMPLES = [
  ['11010519491231002', 'X'],
  ['44052418800101001', '4'],
] as const;

describe('idCheckChar', () => {
  it.each(STANDARD_EXAMPLES)('matches the standard for %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });

  it('rejects anything but 17 digits', async () => {
    expect(() => idCheckChar('1234')).toThrow(/17 digits/);
  });
});

describe('checkIdNumber', () => {
  const today = new Date('2026-11-29T00:00:00Z');
  const valid = fakeId('19620315', 11);
  const xId = (() => {
    // Find a fictional number whose check character is X, to test the lower-case form.
    for (let seq = 0; seq < 1000; seq += 1) if (fakeId('19800101', seq).endsWith('X')) return fakeId('19800101', seq);
    throw new Error('no X check character found');
  })();

  it.each([
    ['a fictional valid number', valid],
    ['one ending in X', xId],
    ['one ending in lower-case x', xId.toLowerCase()],
    [
      'one with spaces and full-width digits',
      ` ${valid.slice(0, 6)} ${valid.slice(6).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} `,
    ],
    ['the first standard example', `${STANDARD_EXAMPLES[0][0]}${STANDARD_EXAMPLES[0][1]}`],
  ])('accepts %s', (_label, id) => {
    const result = checkIdNumber(id, today);
    expect(result).toEqual({ ok: true, value: expect.stringMatching(/^\d{17}[\dX]$/) });
  });

  it.each([
    ['empty', '', '不能为空'],
    ['too short', valid.slice(0, 17), '应为 18 位，现在是 17 位'],
    ['too long', `${valid}1`, '应为 18 位，现在是 19 位'],
    ['letters inside', `${valid.slice(0, 10)}A${valid.slice(11)}`, '前 17 位只能是数字'],
    ['a wrong check character', withWrongCheck(valid), '校验位不对'],
    ['an unknown province', `99${valid.slice(2)}`, '省份代码'],
    ['30 February', fakeId('19900230', 1), '出生日期“19900230”不是有效日期'],
    ['a birth date in the future', fakeId('20300101', 1), '出生日期'],
    ['a birth year before 1900', fakeId('18990101', 1), '出生日期'],
    ['scientific notation from Excel', '3.69901E+17', '科学计数法'],
  ])('rejects %s', (_label, id, reason) => {
    const result = checkIdNumber(id, today);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});

describe('masking', () => {
  it('keeps the first 4 characters only', async () => {
    const id = fakeId('19620315', 11);
    expect(maskIdNumber(id)).toBe('3699**************');
    expect(maskIdNumber(id)).toHaveLength(18);
  });

  it('takes the last 6 characters upper-cased as the tail', async () => {
    expect(idTail('abc12345x')).toBe('12345X');
  });
});
