import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarFormatError, loadWorkingCalendar, parseCalendarYear } from '../../src/ledger/calendar-file.js';
import { applyTransition } from '../../src/ledger/complaint-rules.js';
import type { Complaint } from '../../src/model/complaint.js';
import { WorkingCalendar } from '../../src/model/working-calendar.js';
import { tempDir } from '../helpers/test-app.js';

/** The shipped calendar, its warnings collected in `warnings`. */
function shipped(warnings: string[] = []): WorkingCalendar {
  return loadWorkingCalendar('content', (message) => warnings.push(message));
}

function registered(createdAt: string): Complaint {
  return {
    id: 'c1',
    trackingCode: 'ABCD2345',
    category: '扶贫资金发放问题',
    township: '青山乡',
    village: '石桥村',
    description: '产业奖补没有发到户',
    anonymous: false,
    sensitive: false,
    status: 'registered',
    reopenCount: 0,
    history: [],
    createdAt,
    updatedAt: createdAt,
  };
}

describe('the shipped calendar (content/calendar)', () => {
  it('holds the years the State Council has published, each with its notice', () => {
    expect(shipped().years()).toEqual([2025, 2026]);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08', 'the day before National Day → the first working day after it'],
    ['2026-09-30', 15, '2026-10-27', 'a 15-working-day deadline set before National Day'],
    ['2026-10-09', 1, '2026-10-10', 'the 调休 Saturday after National Day is a working day'],
    ['2026-09-18', 1, '2026-09-20', 'the 调休 Sunday before National Day is a working day'],
    ['2026-09-24', 1, '2026-09-28', 'Mid-Autumn Festival (Friday 25 September) is a day off'],
    ['2026-02-13', 1, '2026-02-14', 'the 调休 Saturday before Spring Festival'],
    ['2026-02-14', 1, '2026-02-24', 'Spring Festival: nine days off'],
    ['2026-02-14', 5, '2026-02-28', 'the 调休 Saturday after Spring Festival'],
    ['2025-12-31', 1, '2026-01-04', 'year boundary: 元旦 off, then the 调休 Sunday of 4 January'],
    ['2025-12-30', 3, '2026-01-05', 'year boundary, counting from the old year'],
    ['2025-01-24', 1, '2025-01-26', '2025: the 调休 Sunday before Spring Festival'],
    ['2025-09-30', 1, '2025-10-09', '2025: National Day and Mid-Autumn together, eight days'],
    ['2026-11-27', 15, '2026-12-18', 'a month without holidays counts weekdays'],
  ])('%s + %i working days = %s (%s)', (from, days, expected) => {
    const warnings: string[] = [];
    expect(shipped(warnings).addWorkingDays(from, days)).toBe(expected);
    expect(warnings).toEqual([]);
  });

  it('names the holiday of a day off', () => {
    const calendar = shipped();
    expect(calendar.holidayOn('2026-10-05')).toBe('国庆节');
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('gives a complaint registered on 2026-09-30 and accepted that day its deadline after the National Day holiday', () => {
    const now = new Date('2026-09-30T02:00:00Z');
    const result = applyTransition(
      registered(now.toISOString()),
      { to: 'accepted', note: '', assignee: '青山乡政府' },
      's',
      now,
      shipped(),
    );
    // Weekends only would have said 2026-10-21, in the middle of the count.
    expect(result.ok && result.complaint.deadline).toBe('2026-10-27');
  });
});

describe('a year without data', () => {
  it('counts weekends only and warns once, naming the year', () => {
    const warnings: string[] = [];
    const calendar = shipped(warnings);
    expect(calendar.addWorkingDays('2026-12-28', 5)).toBe('2027-01-04');
    expect(calendar.addWorkingDays('2027-09-30', 1)).toBe('2027-10-01');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2027');
    expect(warnings[0]).toContain('content/calendar/2027.yaml');
  });

  it('is found at start-up when a deadline set today would reach it', () => {
    const warnings: string[] = [];
    const calendar = shipped(warnings);
    expect(calendar.missingYearsAhead('2026-11-27', 15)).toEqual([]);
    expect(warnings).toEqual([]);
    expect(calendar.missingYearsAhead('2026-12-21', 15)).toEqual([2027]);
    expect(warnings).toHaveLength(1);
    calendar.addWorkingDays('2027-03-01', 3);
    expect(warnings).toHaveLength(1);
  });

  it('is every year when there is no calendar directory at all', async () => {
    const warnings: string[] = [];
    const calendar = loadWorkingCalendar(await tempDir('bangfu-no-calendar-'), (message) => warnings.push(message));
    expect(calendar.years()).toEqual([]);
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-01');
    expect(warnings).toEqual([expect.stringContaining('2026')]);
  });
});

describe('calendar files', () => {
  const valid = (over: string) => `year: 2026
notice: { title: 国务院办公厅关于2026年部分节假日安排的通知, number: 国办发明电〔2025〕7号, date: "2025-11-04" }
${over}`;

  it.each([
    ['holidays: [{ name: 国庆节, from: "2026-10-07", to: "2026-10-01" }]', 'ends (2026-10-01) before it starts'],
    ['holidays: [{ name: 国庆节, from: "2025-10-01", to: "2025-10-07" }]', 'is not in 2026'],
    [
      'holidays: [{ name: 国庆节, from: "2026-10-01", to: "2026-10-07" }]\nworkdays: [{ date: "2026-10-09", holiday: 国庆节 }]',
      'not a Saturday or Sunday',
    ],
    [
      'holidays: [{ name: 国庆节, from: "2026-10-01", to: "2026-10-07" }]\nworkdays: [{ date: "2026-10-03", holiday: 国庆节 }]',
      'both a holiday and a working day',
    ],
    ['holidays: [{ name: 国庆节, from: "2026-10-01", to: "2026-10-32" }]', 'not a real date'],
    ['holidays: [{ name: 国庆节, from: 2026-10-01 }]', 'holidays.0.to'],
    ['holidays: []', 'holidays'],
    ['holidays: [', 'not valid YAML'],
  ])('refuses %j (%s)', (body, problem) => {
    expect(() => parseCalendarYear(valid(body), '2026.yaml')).toThrow(problem);
  });

  it('accepts a 元旦 holiday that starts on the last day of the year before', () => {
    const year = parseCalendarYear(valid('holidays: [{ name: 元旦, from: "2022-12-31", to: "2023-01-02" }]').replace('2026', '2023'), 'f');
    expect(new WorkingCalendar([year], () => undefined).isWorkingDay('2022-12-31')).toBe(false);
  });

  it('must be named after its year', async () => {
    const content = await tempDir('bangfu-calendar-');
    await mkdir(join(content, 'calendar'));
    await writeFile(join(content, 'calendar', '2027.yaml'), valid('holidays: [{ name: 元旦, from: "2026-01-01", to: "2026-01-03" }]'));
    expect(() => loadWorkingCalendar(content, () => undefined)).toThrow(CalendarFormatError);
    expect(() => loadWorkingCalendar(content, () => undefined)).toThrow('name it 2026.yaml');
  });
});
