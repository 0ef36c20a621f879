import { describe, expect, it } from 'vitest';
import { findHeader, isFooterRow, type NumberedRecord } from '../../src/registry/header-row.js';
import { headerSpec } from '../../src/registry/header-variants.js';
import type { Cell } from '../../src/registry/table.js';

const rows = (...values: (Cell | undefined)[][]): NumberedRecord[] => values.map((v, i) => ({ rowNumber: i + 1, values: v }));
const members = headerSpec('members');

describe('findHeader', () => {
  it.each([
    ['a header on row 1', rows(['户编号', '姓名', '身份证号', '与户主关系'], ['T1', '张三', 'x', '子']), 0, 1],
    ['a title over the header', rows(['家庭成员花名册'], ['户编号', '姓名', '身份证号', '与户主关系']), 1, 1],
    ['a two-row header', rows(['户编号', '家庭成员'], [undefined, '姓名', '身份证号', '与户主关系']), 0, 2],
    ['a title over a two-row header', rows(['花名册'], ['户编号', '家庭成员'], ['', '姓名', '身份证号', '与户主关系']), 1, 2],
    ['no header at all', rows(['甲', '乙'], ['1', '2']), 0, 1],
  ] as const)('%s', (_name, records, index, height) => {
    expect(findHeader([...records], members, new Set())).toMatchObject({ index, height });
  });

  it('does not pair rows that are not adjacent in the sheet', () => {
    const records: NumberedRecord[] = [
      { rowNumber: 1, values: ['户编号', '家庭成员'] },
      { rowNumber: 3, values: ['', '姓名', '身份证号', '与户主关系'] },
    ];
    expect(findHeader(records, members, new Set())).toMatchObject({ index: 1, height: 1, complete: false });
  });

  it('labels a two-row header as written and names the columns', () => {
    const found = findHeader(rows(['户编号', '家庭成员'], ['', '姓名', '身份证号码', '与户主关系']), members, new Set());
    expect(found?.headers).toEqual(['户编号', '姓名', '身份证号', '与户主关系']);
    expect(found?.labels).toEqual(['户编号', '家庭成员/姓名', '家庭成员/身份证号码', '家庭成员/与户主关系']);
    expect(found?.complete).toBe(true);
  });
});

describe('isFooterRow', () => {
  it.each([
    [['合计', '', '', 120], true],
    [['', '小计', '', 40], true],
    [['合  计：12户'], true],
    [['总计(户)', 3], true],
    [['注：本表由村委会填写。'], true],
    [['填表人：', '', '审核人：'], true],
    [['说明：身份证号为文本'], true],
    [['T0001', '合计村', '张三'], false],
    [['合计发放两次', 'T0001', '产业', '奖补', 100, '2026-03-05'], false],
    [['注意防火', 'T0001', '产业', '奖补', 100], false],
    [[1, '合计'], false],
    [['', ''], false],
  ] as const)('%j → %s', (values, footer) => {
    expect(isFooterRow(values as unknown as Cell[])).toBe(footer);
  });
});
