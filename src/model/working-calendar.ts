import dayjs from 'dayjs';

/** One year of the State Council's arrangement: the days off and the weekend days worked in exchange (调休). */
export type CalendarYear = {
  year: number;
  /** Days off by name, first and last day inclusive (YYYY-MM-DD). */
  holidays: { name: string; from: string; to: string }[];
  /** Saturdays and Sundays that are working days. */
  workdays: { date: string; holiday: string }[];
};

/** Where a calendar reports a year it has no data for (once per year). */
export type CalendarWarn = (message: string) => void;

function isWeekend(date: string): boolean {
  const day = dayjs(date).day();
  return day === 0 || day === 6;
}

/** The warning for a year without the State Council's arrangement: it names the year and what to do. */
export function missingYearWarning(year: number): string {
  return (
    `No public-holiday calendar for ${year} (content/calendar/${year}.yaml): working-day deadlines in ${year} skip weekends only. ` +
    `Add the State Council's notice for ${year} and restart.`
  );
}

/**
 * China's working days: Monday to Friday, minus the public holidays and plus the weekend days worked in exchange,
 * as the State Council publishes them each year. A date in a year without data counts weekends only, and the
 * calendar warns (once per year) instead of doing so silently.
 */
export class WorkingCalendar {
  private readonly off = new Map<string, string>();
  private readonly on = new Map<string, string>();
  private readonly known: ReadonlySet<number>;
  private readonly warned = new Set<number>();

  constructor(
    years: readonly CalendarYear[],
    private readonly warn: CalendarWarn,
  ) {
    this.known = new Set(years.map((y) => y.year));
    for (const y of years) {
      for (const h of y.holidays) {
        for (let d = dayjs(h.from); !d.isAfter(h.to, 'day'); d = d.add(1, 'day')) this.off.set(d.format('YYYY-MM-DD'), h.name);
      }
      for (const w of y.workdays) this.on.set(w.date, w.holiday);
    }
  }

  /** The years the calendar has the State Council's arrangement for, in order. */
  years(): number[] {
    return [...this.known].sort((a, b) => a - b);
  }

  /** The holiday a date (YYYY-MM-DD) is a day off for, if it is one. */
  holidayOn(date: string): string | undefined {
    return this.off.get(date);
  }

  /** Whether a date (YYYY-MM-DD) is a working day. */
  isWorkingDay(date: string): boolean {
    if (this.on.has(date)) return true;
    if (this.off.has(date)) return false;
    this.warnIfMissing(Number(date.slice(0, 4)));
    return !isWeekend(date);
  }

  /** The date `days` working days after `from` (YYYY-MM-DD): the deadline counts from the next day. */
  addWorkingDays(from: string, days: number): string {
    let date = dayjs(from);
    let left = days;
    while (left > 0) {
      date = date.add(1, 'day');
      if (this.isWorkingDay(date.format('YYYY-MM-DD'))) left -= 1;
    }
    return date.format('YYYY-MM-DD');
  }

  /**
   * The years without data that a deadline of `days` working days set on `from` would reach; each is warned
   * about now (the start-up check), so it is never counted silently later.
   */
  missingYearsAhead(from: string, days: number): number[] {
    const last = Number(this.addWorkingDays(from, days).slice(0, 4));
    const years: number[] = [];
    for (let year = Number(from.slice(0, 4)); year <= last; year += 1) if (this.warnIfMissing(year)) years.push(year);
    return years;
  }

  /** Warns about a year without data the first time it is met; whether the year is missing. */
  private warnIfMissing(year: number): boolean {
    if (this.known.has(year)) return false;
    if (!this.warned.has(year)) {
      this.warned.add(year);
      this.warn(missingYearWarning(year));
    }
    return true;
  }
}
