import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The time zone all calendar dates in Bangfu are in. */
export const ZONE = 'Asia/Shanghai';

/** Today's calendar date (YYYY-MM-DD) in China. */
export function localDate(now: Date): string {
  return dayjs(now).tz(ZONE).format('YYYY-MM-DD');
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(from: string, days: number): string {
  return dayjs(from).add(days, 'day').format('YYYY-MM-DD');
}

/** Days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day');
}

// One formatter for the process (building one per call is slow); hourCycle h23 keeps midnight as 00, not 24.
const CHINA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** A UTC timestamp as the store writes it (`toISOString`). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function chinaParts(text: string): Record<string, string> | undefined {
  const at = TIMESTAMP.test(text) ? new Date(text) : undefined;
  if (!at || Number.isNaN(at.getTime())) return undefined;
  return Object.fromEntries(CHINA.formatToParts(at).map((p) => [p.type, p.value]));
}

/** The China calendar date (YYYY-MM-DD) of a UTC ISO timestamp; other text (a bare date already is one) as is. */
export function chinaDate(text: string): string {
  const p = chinaParts(text);
  return p ? `${p.year}-${p.month}-${p.day}` : text;
}

/** A UTC ISO timestamp as China time to the minute, for people and exports: "2026-11-30 12:00"; other text as is. */
export function chinaMinute(text: string): string {
  const p = chinaParts(text);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : text;
}
