import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dayjs from 'dayjs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type CalendarWarn, type CalendarYear, WorkingCalendar } from '../model/working-calendar.js';

/** A calendar file that cannot be used: start-up stops rather than count deadlines on a wrong calendar. */
export class CalendarFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. Fix the file (see README, "Working days and public holidays") and restart.`);
    this.name = 'CalendarFormatError';
  }
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD (in quotes)')
  .refine((text) => dayjs(text).format('YYYY-MM-DD') === text, 'not a real date');

const fileSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  notice: z.object({
    title: z.string().min(1),
    number: z.string().min(1),
    date: day,
    url: z.url().optional(),
  }),
  holidays: z.array(z.object({ name: z.string().min(1), from: day, to: day })).min(1),
  workdays: z.array(z.object({ date: day, holiday: z.string().min(1) })).default([]),
});

/** The State Council's notice a calendar file was transcribed from. */
export type CalendarNotice = z.infer<typeof fileSchema>['notice'];

/** Checks what the schema cannot: dates belong to the year, ranges run forwards, a 调休 day is a weekend day off. */
function problems(data: z.infer<typeof fileSchema>): string[] {
  // A holiday may start in the last days of the year before (元旦 from 31 December) or end early in the next.
  const first = `${data.year - 1}-12-25`;
  const last = `${data.year + 1}-01-07`;
  const found: string[] = [];
  for (const h of data.holidays) {
    if (h.from > h.to) found.push(`holiday ${h.name} ends (${h.to}) before it starts (${h.from})`);
    if (h.from < first || h.to > last) found.push(`holiday ${h.name} (${h.from}–${h.to}) is not in ${data.year}`);
  }
  for (const w of data.workdays) {
    if (w.date < first || w.date > last) found.push(`working day ${w.date} is not in ${data.year}`);
    const weekday = dayjs(w.date).day();
    if (weekday !== 0 && weekday !== 6) found.push(`working day ${w.date} is not a Saturday or Sunday`);
    if (data.holidays.some((h) => h.from <= w.date && w.date <= h.to)) found.push(`${w.date} is both a holiday and a working day`);
  }
  return found;
}

/** Parses and checks one year's file; `file` is for error messages. */
export function parseCalendarYear(text: string, file: string): CalendarYear & { notice: CalendarNotice } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new CalendarFormatError(file, `not valid YAML (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new CalendarFormatError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  }
  const found = problems(parsed.data);
  if (found.length) throw new CalendarFormatError(file, found.join('; '));
  return parsed.data;
}

/**
 * Reads content/calendar/<year>.yaml (one file per year, from the State Council's notice) into a working calendar.
 * A missing directory is no error: every year is then missing, and `warn` says so when a deadline reaches one.
 */
export function loadWorkingCalendar(contentDir: string, warn: CalendarWarn): WorkingCalendar {
  const dir = join(contentDir, 'calendar');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  const years = files.sort().map((name) => {
    const file = join(dir, name);
    const year = parseCalendarYear(readFileSync(file, 'utf8'), file);
    if (name !== `${year.year}.yaml`) throw new CalendarFormatError(file, `holds year ${year.year}: name it ${year.year}.yaml`);
    return year;
  });
  return new WorkingCalendar(years, warn);
}
