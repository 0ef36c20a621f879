import { describe, expect, it } from 'vitest';
import { parseAmountFen, parseDate, parseName, parsePhone, parseYear } from '../../src/registry/cells.js';

describe('parseAmountFen', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['0.1', 10],
    ['0.29', 29],
    ['1,200.50', 120050],
    ['￥3000元', 300000],
    ['０.０７', 7],
    ['0', 0],
    ['999999999.99', 99999999999],
    [12.3, 1230],
    [0.07, 7],
  ] as const)('reads %s as %i fen', (cell, fen) => {
    expect(parseAmountFen(cell)).toEqual({ ok: true, value: fen });
  });

  it('has no float error on amounts that would drift as numbers', async () => {
    for (let fen = 0; fen < 100_000; fen += 7) {
      const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(parseAmountFen(text)).toEqual({ ok: true, value: fen });
    }
  });

  it.each([
    ['', '不能为空'],
    ['12.345', '最多两位小数'],
    [12.345, '最多两位小数'],
    ['-5', '不能是负数'],
    ['十二元', '不是有效的金额'],
    ['1.2.3', '不是有效的金额'],
    ['1234567890', '金额过大'],
  ] as const)('rejects %s', (cell, reason) => {
    const result = parseAmountFen(cell);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['20260305', '2026-03-05'],
    ['2026-03-05 00:00:00', '2026-03-05'],
    ['2024-02-29', '2024-02-29'],
    [new Date(Date.UTC(2026, 2, 5)), '2026-03-05'],
    [46086, '2026-03-05'],
    [46086.75, '2026-03-05'],
  ] as const)('reads %s', (cell, iso) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['2026-02-30', '不是真实存在的日期'],
    ['2025-02-29', '不是真实存在的日期'],
    ['2026-13-01', '不是真实存在的日期'],
    ['3/5/2026', '不是有效日期'],
    ['', '不能为空'],
    [12, '不是有效日期'],
    ['2017.05', '只写到了月，请写上是哪一天'],
    ['2017年5月', '只写到了月，请写上是哪一天'],
    ['2017-05', '只写到了月，请写上是哪一天'],
    [2017.05, '只写到了月，请写上是哪一天'],
    [2017, '只写到了年，请写上是哪一天'],
  ] as const)('rejects %s', (cell, reason) => {
    const result = parseDate(cell);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it.each([
    ['2017/5/3', '2017-05-03'],
    [42858, '2017-05-03'],
  ] as const)('reads an Excel export %s', (cell, iso) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: iso });
  });
});

describe('parseYear', () => {
  it.each([
    ['2019', 2019],
    ['2019年', 2019],
    [2019, 2019],
    ['2017.05', 2017],
    ['2017.5', 2017],
    [2017.05, 2017],
    ['2017年5月', 2017],
    ['2017年5月3日', 2017],
    ['2017/5/3', 2017],
    ['2017-05', 2017],
    ['２０１７年', 2017],
    [42858, 2017],
    [new Date(Date.UTC(2018, 11, 31)), 2018],
    ['', undefined],
  ] as const)('reads %s', (cell, year) => {
    expect(parseYear(cell)).toEqual({ ok: true, value: year });
  });

  it.each(['19', '2017.13', '1999', '2017年13月', '去年', 1999])('rejects %s', (cell) => {
    expect(parseYear(cell).ok).toBe(false);
  });
});

describe('parsePhone', () => {
  it.each([
    ['13900000101', '13900000101'],
    ['139 0000 0101', '13900000101'],
    ['+86 13900000101', '13900000101'],
    [13900000101, '13900000101'],
    ['0796-8123456', '0796-8123456'],
    ['07968123456', '0796-8123456'],
    ['(0796)8123456', '0796-8123456'],
    ['01012345678', '010-12345678'],
    ['0796-8123456-12', '0796-8123456-12'],
    ['', undefined],
  ] as const)('reads %s', (cell, phone) => {
    expect(parsePhone(cell)).toEqual({ ok: true, value: phone });
  });

  it.each(['12345678901', '1390000010', '8123456', '电话'])('rejects %s', (cell) => {
    expect(parsePhone(cell).ok).toBe(false);
  });
});

describe('parseName', () => {
  it.each([
    ['张大山', '张大山'],
    ['张  三', '张三'],
    [' 李秀英 ', '李秀英'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
  ])('reads %s', (cell, name) => {
    expect(parseName(cell)).toEqual({ ok: true, value: name });
  });

  it.each([['张3'], [''], ['a'.repeat(31)]])('rejects %s', (cell) => {
    expect(parseName(cell).ok).toBe(false);
  });
});
