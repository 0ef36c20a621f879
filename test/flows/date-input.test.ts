import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../src/flows/date-input.js';

const NOW = new Date('2026-11-28T18:00:00Z'); // 2026-11-29 02:00 in China

describe('parseDateInput', () => {
  it.each([
    ['今天', '2026-11-29'],
    ['昨天', '2026-11-28'],
    ['前天', '2026-11-27'],
    ['3天前', '2026-11-26'],
    ['三天前', '2026-11-26'],
    ['11月5日', '2026-11-05'],
    ['11月5号', '2026-11-05'],
    ['十一月五日', '2026-11-05'],
    ['3.5', '2026-03-05'],
    ['３.５', '2026-03-05'],
    ['12月30日', '2025-12-30'],
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['2026-02-30', undefined],
    ['2月30日', undefined],
    ['下周', undefined],
    ['abc', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseDateInput(input, NOW)).toBe(expected);
  });

  it('reads a year-less date as the next one when looking ahead', () => {
    expect(parseDateInput('1月5日', NOW, { past: false })).toBe('2027-01-05');
    expect(parseDateInput('12月20日', NOW, { past: false })).toBe('2026-12-20');
  });
});

describe('parseAmount', () => {
  it.each([
    ['20000', 20000],
    ['２００００元', 20000],
    ['2万', 20000],
    ['1.5万', 15000],
    ['两万元左右', 20000],
    ['一千五百块', 1500],
    ['三千', 3000],
    ['8000.50', 8000.5],
    ['很多', undefined],
    ['', undefined],
  ])('%s → %s', async (input, expected) => {
    const { parseAmount } = await import('../../src/flows/fields.js');
    const result = parseAmount(input);
    expect(result.ok ? result.value : undefined).toBe(expected);
  });
});
