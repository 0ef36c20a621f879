import { parseChineseNumber } from '../core/text.js';

const DAY_MS = 86_400_000;

/**
 * The lunar years Bangfu converts: 正月初一 and the months in order, 大 = 30 days, 小 = 29 days, 闰 before the
 * size of the leap month that follows the month before it. Data, checked in the tests against each next
 * year's 正月初一. (ICU's Chinese calendar was not used: it puts 正月初一 of 2027 and 2030 a day off.)
 */
const YEARS = new Map<number, { newYear: string; months: string }>([
  [2019, { newYear: '2019-02-05', months: '大小大小大小小大小小大大' }],
  [2020, { newYear: '2020-01-25', months: '小大大大闰小大小小大小大小大' }],
  [2021, { newYear: '2021-02-12', months: '小大大小大小大小大小大小' }],
  [2022, { newYear: '2022-02-01', months: '大小大小大大小大小大小大' }],
  [2023, { newYear: '2023-01-22', months: '小大闰小小大大小大大小大小大' }],
  [2024, { newYear: '2024-02-10', months: '小大小小大小大大小大大小' }],
  [2025, { newYear: '2025-01-29', months: '大小大小小大闰小大小大大大小' }],
  [2026, { newYear: '2026-02-17', months: '大小大小小大小小大大大小' }],
  [2027, { newYear: '2027-02-06', months: '大大小大小小大小小大大小' }],
  [2028, { newYear: '2028-01-26', months: '大大大小大闰小小大小小大大小' }],
  [2029, { newYear: '2029-02-13', months: '大大小大小大小大小小大大' }],
  [2030, { newYear: '2030-02-03', months: '小大小大大小大小大小大小' }],
]);

/** A day of the Chinese lunar calendar; `year` is the Gregorian year its 正月 begins in. */
export type LunarDay = { year: number; month: number; leap: boolean; day: number };

/** The months of a lunar year in order, with their lengths; undefined outside the table. */
function lunarMonths(year: number): { month: number; leap: boolean; days: number }[] | undefined {
  const entry = YEARS.get(year);
  if (!entry) return undefined;
  const months: { month: number; leap: boolean; days: number }[] = [];
  let month = 0;
  let leap = false;
  for (const ch of entry.months) {
    if (ch === '闰') leap = true;
    else {
      if (!leap) month += 1;
      months.push({ month, leap, days: ch === '大' ? 30 : 29 });
      leap = false;
    }
  }
  return months;
}

/** Reads a lunar month name: 正 / 冬 / 腊 / 一…十二 / 1…12 (without 月). */
export function lunarMonth(name: string): number | undefined {
  if (name === '正') return 1;
  if (name === '冬') return 11;
  if (name === '腊') return 12;
  const month = /^\d{1,2}$/.test(name) ? Number(name) : parseChineseNumber(name);
  return month !== undefined && month >= 1 && month <= 12 ? month : undefined;
}

/** The Gregorian date (YYYY-MM-DD) of a lunar day, or undefined when it does not exist or is outside the table. */
export function lunarToGregorian({ year, month, leap, day }: LunarDay): string | undefined {
  const entry = YEARS.get(year);
  const months = lunarMonths(year);
  if (!entry || !months) return undefined;
  let offset = 0;
  for (const m of months) {
    if (m.month === month && m.leap === leap) {
      if (day < 1 || day > m.days) return undefined;
      return new Date(Date.parse(`${entry.newYear}T00:00:00Z`) + (offset + day - 1) * DAY_MS).toISOString().slice(0, 10);
    }
    offset += m.days;
  }
  return undefined;
}
