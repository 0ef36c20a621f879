import dayjs from 'dayjs';
import { halfWidth, parseChineseNumber } from '../core/text.js';
import { localDate } from '../ledger/working-days.js';

const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2, 大前天: 3 };

function num(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : parseChineseNumber(text);
}

function valid(y: number, m: number, d: number): string | undefined {
  const date = dayjs(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return date.isValid() && date.month() + 1 === m && date.date() === d ? date.format('YYYY-MM-DD') : undefined;
}

/**
 * Reads a calendar date the way people type it: 今天 / 昨天 / 前天 / 3天前 / 3月5日 / 三月五号 / 3.5 / 3-5 /
 * 2026-03-05 / 2026年3月5日. Without a year, the most recent such date not after today is meant
 * (past: true) or the next one not before today (past: false). Dates are China dates.
 */
export function parseDateInput(input: string, now: Date, { past = true } = {}): string | undefined {
  const text = halfWidth(input).replace(/\s/g, '').replace(/[号]$/, '日');
  const today = localDate(now);
  if (text in RELATIVE)
    return dayjs(today)
      .subtract(RELATIVE[text] ?? 0, 'day')
      .format('YYYY-MM-DD');
  const ago = /^(\d{1,3}|[一二两三四五六七八九十]+)天(前|以前)$/.exec(text);
  if (ago) {
    const n = num(ago[1] as string);
    return n === undefined ? undefined : dayjs(today).subtract(n, 'day').format('YYYY-MM-DD');
  }
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (full) return valid(Number(full[1]), Number(full[2]), Number(full[3]));
  const short = /^(\d{1,2}|[一二三四五六七八九十]+)[-/.月](\d{1,2}|[一二三四五六七八九十]+)日?$/.exec(text);
  if (!short) return undefined;
  const m = num(short[1] as string);
  const d = num(short[2] as string);
  if (m === undefined || d === undefined) return undefined;
  const year = Number(today.slice(0, 4));
  const thisYear = valid(year, m, d);
  if (!thisYear) return valid(past ? year - 1 : year + 1, m, d);
  if (past && thisYear > today) return valid(year - 1, m, d);
  if (!past && thisYear < today) return valid(year + 1, m, d);
  return thisYear;
}

/** Days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day');
}
