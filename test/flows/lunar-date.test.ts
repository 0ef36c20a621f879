import { describe, expect, it } from 'vitest';
import { lunarToGregorian } from '../../src/flows/lunar-date.js';

const day = (year: number, month: number, d: number, leap = false) => lunarToGregorian({ year, month, leap, day: d });

describe('lunarToGregorian', () => {
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-03'],
  ])('春节 %i is %s', (year, expected) => {
    expect(day(year, 1, 1)).toBe(expected);
  });

  it.each([
    ['中秋 2023', day(2023, 8, 15), '2023-09-29'],
    ['中秋 2024', day(2024, 8, 15), '2024-09-17'],
    ['中秋 2025', day(2025, 8, 15), '2025-10-06'],
    ['端午 2023', day(2023, 5, 5), '2023-06-22'],
    ['端午 2024', day(2024, 5, 5), '2024-06-10'],
    ['端午 2025', day(2025, 5, 5), '2025-05-31'],
    ['元宵 2026', day(2026, 1, 15), '2026-03-03'],
    ['除夕 2025 (腊月廿九)', day(2025, 12, 29), '2026-02-16'],
    ['闰二月初一 2023', day(2023, 2, 1, true), '2023-03-22'],
    ['闰四月初一 2020', day(2020, 4, 1, true), '2020-05-23'],
    ['闰六月初一 2025', day(2025, 6, 1, true), '2025-07-25'],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('has month lengths that lead from each 春节 to the next', async () => {
    for (let year = 2019; year < 2030; year += 1) {
      const lastDay = day(year, 12, 30) ?? day(year, 12, 29);
      const next = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(day(year + 1, 1, 1), String(year)).toBe(next);
    }
  });

  it('gives nothing for days that do not exist or lie outside the table', async () => {
    expect(day(2025, 12, 30)).toBeUndefined();
    expect(day(2026, 5, 1, true)).toBeUndefined();
    expect(day(2018, 1, 1)).toBeUndefined();
    expect(day(2031, 1, 1)).toBeUndefined();
  });
});
