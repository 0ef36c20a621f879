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
