import { describe, expect, it } from 'vitest';
import { formatDate } from '../../src/flows/format.js';
import { chinaDate, chinaMinute } from '../../src/model/calendar.js';

describe('China time for people', () => {
  it.each([
    ['2026-11-30T04:00:25.585Z', '2026-11-30 12:00', '2026-11-30'],
    ['2026-03-04T16:30:00.000Z', '2026-03-05 00:30', '2026-03-05'],
    ['2026-03-04T15:59:59.999Z', '2026-03-04 23:59', '2026-03-04'],
    ['2026-12-31T16:00:00Z', '2027-01-01 00:00', '2027-01-01'],
  ])('%s → %s', (iso, minute, date) => {
    expect(chinaMinute(iso)).toBe(minute);
    expect(chinaDate(iso)).toBe(date);
  });

  it.each(['2026-03-05', '2026', '', '张三', '2026-13-45T99:99:00Z'])('leaves "%s" as it is', (text) => {
    expect(chinaMinute(text)).toBe(text);
    expect(chinaDate(text)).toBe(text);
  });

  it('formats a timestamp as its China date and a bare date as itself', () => {
    expect(formatDate('2026-03-04T16:30:00.000Z')).toBe('2026年3月5日');
    expect(formatDate('2026-03-05')).toBe('2026年3月5日');
  });
});
