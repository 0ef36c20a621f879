import { describe, expect, it } from 'vitest';
import { readDate } from '../../src/flows/date-input.js';

const NOW = new Date('2026-11-28T18:00:00Z'); // Sunday 2026-11-29 02:00 in China (still Saturday in UTC)
const MIDNIGHT = new Date('2026-03-04T16:30:00Z'); // Thursday 2026-03-05 00:30 in China (Wednesday in UTC)

const dateOf = (text: string, now = NOW, past = true) => {
  const result = readDate(text, now, { past });
  return result.ok ? result.value : undefined;
};
const reasonOf = (text: string, now = NOW, past = true) => {
  const result = readDate(text, now, { past });
  return result.ok ? undefined : result.reason;
};

describe('readDate, asking for a past date', () => {
  it.each([
    ['今天', '2026-11-29'],
    ['昨天', '2026-11-28'],
    ['前天', '2026-11-27'],
    ['3天前', '2026-11-26'],
    ['三天前', '2026-11-26'],
    ['两天前', '2026-11-27'],
    ['一个礼拜前', '2026-11-22'],
    ['上个礼拜三', '2026-11-18'],
    ['上周三', '2026-11-18'],
    ['上星期天', '2026-11-22'],
    ['这周一', '2026-11-23'],
    ['本周六', '2026-11-28'],
    ['这个礼拜五', '2026-11-27'],
    ['周三', '2026-11-25'],
    ['周日', '2026-11-29'],
    ['5号', '2026-11-05'],
    ['29号', '2026-11-29'],
    ['30号', '2026-10-30'],
    ['31号', '2026-10-31'],
    ['上个月10号', '2026-10-10'],
    ['11月5日', '2026-11-05'],
    ['11月5号', '2026-11-05'],
    ['十一月五日', '2026-11-05'],
    ['3.5', '2026-03-05'],
    ['３.５', '2026-03-05'],
    ['12月30日', '2025-12-30'],
    ['去年3月5日', '2025-03-05'],
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['三月十五', '2026-03-15'],
  ])('%s → %s', (text, expected) => {
    expect(dateOf(text)).toBe(expected);
  });

  it.each(['前几天', '前段时间', '前些日子', '最近', '上个月', '上周', '3月', '三月份', '月底', '去年', '两个月前'])(
    '%s is vague: asks for the day, kindly',
    (text) => {
      expect(reasonOf(text)).toContain('记不清具体哪天也没关系');
    },
  );

  it.each(['下个月10号', '明天', '下周三', '2026-12-25'])('%s is in the future: refused', (text) => {
    expect(reasonOf(text)).toContain('将来');
  });

  it.each(['2026-02-30', '2月30日', '这个月31号'])('%s does not exist', (text) => {
    expect(reasonOf(text)).toContain('没有这一天');
  });

  it.each(['abc', '', '十五', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('%s is not a date', (text) => {
    expect(reasonOf(text)).toContain('日期没看懂');
  });
});

describe('readDate, asking for a future date', () => {
  it.each([
    ['下个月10号', '2026-12-10'],
    ['明天', '2026-11-30'],
    ['后天', '2026-12-01'],
    ['下周三', '2026-12-02'],
    ['周三', '2026-12-02'],
    ['5号', '2026-12-05'],
    ['今天', '2026-11-29'],
    ['1月5日', '2027-01-05'],
    ['12月20日', '2026-12-20'],
    ['3天后', '2026-12-02'],
  ])('%s → %s', (text, expected) => {
    expect(dateOf(text, NOW, false)).toBe(expected);
  });

  it.each(['昨天', '上个月10号', '上周三'])('%s has passed: refused', (text) => {
    expect(reasonOf(text, NOW, false)).toContain('已经过去');
  });

  it('asks for a day when the answer is vague', async () => {
    expect(reasonOf('过几天', NOW, false)).toContain('具体的日子');
    expect(reasonOf('下个月', NOW, false)).toContain('具体的日子');
  });
});

describe('readDate counts days in China time', () => {
  it.each([
    ['今天', '2026-03-05'],
    ['昨天', '2026-03-04'],
    ['5号', '2026-03-05'],
    ['6号', '2026-02-06'],
    ['周四', '2026-03-05'],
    ['周五', '2026-02-27'],
    ['这周一', '2026-03-02'],
    ['上周三', '2026-02-25'],
    ['上个月5号', '2026-02-05'],
  ])('at 00:30 on 5 March in China, %s → %s', (text, expected) => {
    expect(dateOf(text, MIDNIGHT)).toBe(expected);
  });
});

describe('readDate, lunar dates', () => {
  it.each([
    ['正月十五', '2026-03-03'],
    ['三月初五', '2026-04-21'],
    ['农历3月5日', '2026-04-21'],
    ['阴历八月十五', '2026-09-25'],
    ['腊月二十三', '2026-02-10'],
    ['腊月廿三', '2026-02-10'],
    ['去年腊月二十三', '2026-02-10'],
    ['闰六月初一', '2025-07-25'],
  ])('%s is clearly lunar → %s', (text, expected) => {
    expect(dateOf(text)).toBe(expected);
  });

  it('reads a year-less lunar date as the next one when looking ahead', async () => {
    expect(dateOf('正月十五', NOW, false)).toBe('2027-02-20');
  });

  it.each(['初五', '农历三十三', '闰五月初一'])('%s cannot be converted: asks for the Gregorian date', (text) => {
    expect(reasonOf(text)).toContain('公历');
  });
});
