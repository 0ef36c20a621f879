import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/flows/fields.js';

const APPROXIMATE = '具体点的数';
const UNREADABLE = '金额没看懂';

describe('parseAmount', () => {
  it.each([
    ['20000', 20000],
    ['２００００元', 20000],
    ['20,000', 20000],
    ['2万', 20000],
    ['1.5万', 15000],
    ['0.5万', 5000],
    ['2万5', 25000],
    ['2万5千3', 25300],
    ['两万五', 25000],
    ['一千五', 1500],
    ['一万二', 12000],
    ['三万六千五', 36500],
    ['十万', 100000],
    ['三千', 3000],
    ['五百块', 500],
    ['一千五百块', 1500],
    ['一百零五元', 105],
    ['5k', 5000],
    ['5K', 5000],
    ['1.5w', 15000],
    ['8000.50', 8000.5],
    ['两万元左右', 20000],
    ['两千块钱左右', 2000],
    ['大概两万', 20000],
    ['约2万元', 20000],
    ['花了两万五', 25000],
    ['两万五。', 25000],
    ['0', 0],
  ])('%s → %s', (text, expected) => {
    expect(parseAmount(text)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    '万把块',
    '千把块',
    '几千',
    '好几万',
    '十几万',
    '一万多',
    '两千多块',
    '一两万',
    '三五千',
    '一万二三',
    '1-2万',
    '一万到两万',
    '上万',
    '一千来块',
    '十来万',
    '两万出头',
    '不到两万',
    '将近三万',
    '很多',
  ])('%s is an approximation: asked again kindly, never guessed', (text) => {
    const result = parseAmount(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(APPROXIMATE);
  });

  it.each(['', '2万万', '2万abc', '万', 'abc', '不知道', '-500', '2,5'])('%s cannot be read: asked again, never guessed', (text) => {
    const result = parseAmount(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(UNREADABLE);
  });

  it('refuses an amount over the limit', async () => {
    expect(parseAmount('2亿')).toMatchObject({ ok: false, reason: expect.stringContaining('太大') });
    expect(parseAmount('20万', 100_000)).toMatchObject({ ok: false });
  });
});
