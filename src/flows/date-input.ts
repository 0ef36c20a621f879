import dayjs from 'dayjs';
import { matchKey, parseChineseNumber } from '../core/text.js';
import { localDate } from '../model/calendar.js';
import { lunarMonth, lunarToGregorian } from './lunar-date.js';

/** A typed date as YYYY-MM-DD (China), or why it was not taken, in words for the user. */
export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

/** What one reading rule made of the text: a date, a reason to ask again, or undefined when the rule does not apply. */
type Read = { date: string } | { reason: string } | undefined;

const REASON = {
  vaguePast: '记不清具体哪天也没关系，说个最接近的日子就行，比如"上周三"或"11月5日"。',
  vagueFuture: '请定一个具体的日子，比如"下周三"或"12月20日"。',
  unreadablePast: '日期没看懂，可以写：今天、昨天、上周三、5号、3月5日、2026-03-05。',
  unreadableFuture: '日期没看懂，可以写：明天、下周三、下个月10号、12月20日、2026-12-20。',
  noSuchDay: '没有这一天，请再核对一下日期。',
  lunar: '这个农历日子我换算不了，请说公历（阳历）日期，比如"3月5日"。',
  notYet: '这是将来的日子，请说已经发生的那一天。',
  gone: '这个日子已经过去了，请说以后的日子。',
};

const DAY_OFFSETS = new Map<string, number>([
  ['今天', 0],
  ['今日', 0],
  ['今儿', 0],
  ['昨天', -1],
  ['昨日', -1],
  ['昨儿', -1],
  ['前天', -2],
  ['前日', -2],
  ['大前天', -3],
  ['明天', 1],
  ['明日', 1],
  ['明儿', 1],
  ['后天', 2],
  ['大后天', 3],
]);
const YEAR_OFFSETS = new Map<string, number>([
  ['今年', 0],
  ['去年', -1],
  ['前年', -2],
  ['明年', 1],
]);
/** 上 / 这 / 下 before 周 or 月. */
const STEPS = new Map<string, number>([
  ['上', -1],
  ['这', 0],
  ['下', 1],
]);
const WEEKDAYS = '一二三四五六日';
const NUMBER = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const LUNAR =
  /^(农历|阴历|老历)?(闰)?([正冬腊]|\d{1,2}|[一二三四五六七八九十]{1,2})月(初[一二三四五六七八九十]|初\d{1,2}|廿[一二三四五六七八九]|\d{1,2}|[一二三四五六七八九十]{1,3})日?$/;
/** Times people give that do not name one day: asked again for the day, never guessed. */
const VAGUE =
  /几天|几日|些天|些日子|段时间|阵子|一阵|最近|近来|不久|以前|之前|前后|好久|很久|改天|到时候|记不|不记得|忘了|想不起|月初|月中|月底|月末|上旬|中旬|下旬|半年|年初|年底|年末|年前|年后|过年|春节|几个?月|个月(前|以前|之前|后|以后)|几个?周|^(上|这|下)(周|月)$|^(今年|去年|前年|明年)$|^(\d{1,2}|[一二三四五六七八九十]{1,2}|[正冬腊])月$/;
const LUNAR_WORDS = /农历|阴历|老历|初[一二三四五六七八九十\d]|廿|正月|冬月|腊月/;

function num(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : parseChineseNumber(text);
}

function iso(y: number, m: number, d: number): string | undefined {
  const date = dayjs(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return date.isValid() && date.month() + 1 === m && date.date() === d ? date.format('YYYY-MM-DD') : undefined;
}

function shift(date: string, days: number): string {
  return dayjs(date).add(days, 'day').format('YYYY-MM-DD');
}

function found(date: string | undefined): Read {
  return date ? { date } : { reason: REASON.noSuchDay };
}

/** The latest candidate not after today (past) or the earliest not before today (future). */
function nearest(candidates: (string | undefined)[], today: string, past: boolean): string | undefined {
  const dates = candidates.filter((d): d is string => d !== undefined).sort();
  return past ? dates.filter((d) => d <= today).at(-1) : dates.find((d) => d >= today);
}

/** 今天 / 昨天 / 明天…, 3天前 / 两天后 / 一个礼拜前. */
function relativeDay(text: string, today: string): Read {
  const offset = DAY_OFFSETS.get(text);
  if (offset !== undefined) return { date: shift(today, offset) };
  const ago = /^(\d{1,3}|[一二两三四五六七八九十]+)(天|个?周)(前|以前|之前|后|以后|之后)$/.exec(text);
  const n = ago ? num(ago[1] as string) : undefined;
  if (!ago || n === undefined) return undefined;
  return { date: shift(today, n * (ago[2] === '天' ? 1 : 7) * (ago[3]?.includes('前') ? -1 : 1)) };
}

/** 上周三 / 这周一 / 下周五 (weeks start on Monday), or a bare 周三: the nearest one in the asked direction. */
function weekday(text: string, today: string, past: boolean): Read {
  const m = /^(上|这|下)?周([一二三四五六日1-7])$/.exec(text);
  if (!m) return undefined;
  const day = m[2] as string;
  const index = /\d/.test(day) ? Number(day) - 1 : WEEKDAYS.indexOf(day);
  const monday = shift(today, -((dayjs(today).day() + 6) % 7));
  const thisWeek = shift(monday, index);
  if (m[1]) return { date: shift(thisWeek, 7 * (STEPS.get(m[1]) ?? 0)) };
  return { date: nearest([shift(thisWeek, -7), thisWeek, shift(thisWeek, 7)], today, past) as string };
}

/** 5号 (the nearest 5th in the asked direction), 上个月10号, 这个月5号, 下个月10号. */
function dayOfMonth(text: string, today: string, past: boolean): Read {
  const m = new RegExp(`^(?:(上|这|下)月)?${NUMBER}日$`).exec(text);
  if (!m) return undefined;
  const d = num(m[2] as string);
  if (d === undefined) return { reason: REASON.noSuchDay };
  const first = dayjs(today).startOf('month');
  const inMonth = (months: number) => {
    const month = first.add(months, 'month');
    return iso(month.year(), month.month() + 1, d);
  };
  if (m[1]) return found(inMonth(STEPS.get(m[1]) ?? 0));
  const months = Array.from({ length: 12 }, (_, i) => (past ? -i : i));
  return found(nearest(months.map(inMonth), today, past));
}

function lunarDay(name: string): number | undefined {
  if (name.startsWith('初')) {
    const day = num(name.slice(1));
    return day !== undefined && day >= 1 && day <= 10 ? day : undefined;
  }
  const day = name.startsWith('廿') ? 20 + (num(name.slice(1)) ?? 99) : num(name);
  return day !== undefined && day >= 1 && day <= 30 ? day : undefined;
}

/** 正月十五, 三月初五, 腊月廿三, 农历3月5日 — only when clearly lunar; 三月十五 is left to the Gregorian reading. */
function lunar(text: string, today: string, past: boolean, yearOffset: number | undefined): Read {
  const m = LUNAR.exec(text);
  if (!m) return undefined;
  const [, marker, leap, monthName = '', dayName = ''] = m;
  if (!marker && !leap && !/[正冬腊]/.test(monthName) && !/^[初廿]/.test(dayName)) return undefined;
  const month = lunarMonth(monthName);
  const day = lunarDay(dayName);
  if (month === undefined || day === undefined) return { reason: REASON.lunar };
  const year = Number(today.slice(0, 4));
  const years = yearOffset === undefined ? [year - 1, year, year + 1] : [year + yearOffset];
  const dates = years.map((y) => lunarToGregorian({ year: y, month, leap: Boolean(leap), day }));
  const date = yearOffset === undefined ? nearest(dates, today, past) : dates[0];
  return date ? { date } : { reason: REASON.lunar };
}

/** 2026-03-05 / 2026年3月5日, and 3月5日 / 三月五号 / 3.5 / 去年3月5日 (without a year: the nearest in the asked direction). */
function calendarDate(text: string, today: string, past: boolean, yearOffset: number | undefined): Read {
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (full && yearOffset === undefined) return found(iso(Number(full[1]), Number(full[2]), Number(full[3])));
  const short = /^(\d{1,2}|[一二三四五六七八九十]{1,2})[-/.月](\d{1,2}|[一二三四五六七八九十]{1,3})日?$/.exec(text);
  if (!short) return undefined;
  const m = num(short[1] as string);
  const d = num(short[2] as string);
  if (m === undefined || d === undefined) return { reason: REASON.noSuchDay };
  const year = Number(today.slice(0, 4));
  if (yearOffset !== undefined) return found(iso(year + yearOffset, m, d));
  return found(nearest([iso(year - 1, m, d), iso(year, m, d), iso(year + 1, m, d)], today, past));
}

function normalise(input: string): string {
  return matchKey(input)
    .replace(/号/g, '日')
    .replace(/礼拜|星期/g, '周')
    .replace(/周天/g, '周日')
    .replace(/^本/, '这')
    .replace(/^(上|下|这)(一个|个|一)?(周|月)/, '$1$3')
    .replace(/月份/, '月');
}

function read(text: string, today: string, past: boolean): Read {
  const simple = relativeDay(text, today) ?? weekday(text, today, past) ?? dayOfMonth(text, today, past);
  if (simple) return simple;
  const prefix = /^(今年|去年|前年|明年)(.+)$/.exec(text);
  const rest = prefix ? (prefix[2] as string) : text;
  const yearOffset = prefix ? YEAR_OFFSETS.get(prefix[1] as string) : undefined;
  return lunar(rest, today, past, yearOffset) ?? calendarDate(rest, today, past, yearOffset);
}

/**
 * Reads a calendar date the way people type it: 今天 / 昨天 / 明天 / 3天前 / 上个礼拜三 / 这周一 / 5号 /
 * 下个月10号 / 3月5日 / 三月五号 / 3.5 / 2026-03-05 / 正月十五 / 农历三月初五. Dates are China dates.
 * Without a year (or month) the nearest such day is meant: not after today when `past`, else not before.
 * A date on the wrong side of today, a vague time (前几天, 上个月) or an unreadable answer gets a reason.
 */
export function readDate(input: string, now: Date, { past = true } = {}): DateResult {
  const text = normalise(input);
  const today = localDate(now);
  const result = read(text, today, past);
  if (result && 'date' in result) {
    if (past && result.date > today) return { ok: false, reason: REASON.notYet };
    if (!past && result.date < today) return { ok: false, reason: REASON.gone };
    return { ok: true, value: result.date };
  }
  if (result) return { ok: false, reason: result.reason };
  if (VAGUE.test(text)) return { ok: false, reason: past ? REASON.vaguePast : REASON.vagueFuture };
  if (LUNAR_WORDS.test(text)) return { ok: false, reason: REASON.lunar };
  return { ok: false, reason: past ? REASON.unreadablePast : REASON.unreadableFuture };
}
