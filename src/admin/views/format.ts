import { chinaMinute } from '../../model/calendar.js';

/** A timestamp as China time to the minute, as in the exports: "2024-05-15 08:30". */
export function dateTime(iso: string | undefined): string {
  return iso ? chinaMinute(iso) : '';
}

/** A share as a whole percentage: 0.456 → "46%". */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
