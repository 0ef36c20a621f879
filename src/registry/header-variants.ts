import { HEADER_SEARCH_ROWS, type HeaderSpec } from './header-row.js';
import { AID_COLUMNS, AID_OPTIONAL_COLUMNS, HOUSEHOLD_COLUMNS, HOUSEHOLD_OPTIONAL_COLUMNS, MEMBER_COLUMNS, type RowError } from './rows.js';
import type { Table } from './table.js';

/** The three registry sheets. */
export type SheetKind = 'households' | 'members' | 'aid';

const HOUSEHOLD_CODE = ['户号', '户编码', '家庭编号', '户代码'];
const ID_NUMBER = ['身份证号码', '证件号码', '公民身份号码', '公民身份证号码', '身份证', '证件号', '身份证件号码'];

/**
 * Other names county sheets give each column, by sheet; the name in the column list is always accepted too.
 * Names are compared after NFKC (full-width brackets become ASCII), with spaces, line breaks and `*` removed;
 * a trailing note in brackets (`金额(元)`, `身份证号码(18位)`) is dropped when the whole name is not listed.
 * The README's registry section lists the same table: keep them in step.
 */
export const HEADER_VARIANTS: Record<SheetKind, Record<string, readonly string[]>> = {
  households: {
    户编号: HOUSEHOLD_CODE,
    户主姓名: ['户主', '户主名字'],
    身份证号: [...ID_NUMBER, '户主身份证号', '户主身份证号码'],
    联系电话: ['手机号码', '电话', '手机号', '手机', '联系方式', '电话号码', '户主电话', '户主联系电话'],
    县: ['县(市、区)', '县(市区)', '县(区)', '县(市)', '县区', '区县', '县市区'],
    乡镇: ['乡(镇)', '乡镇(街道)', '乡镇街道', '乡'],
    村: ['村(社区)', '行政村', '村名', '所在村'],
    组: ['村民小组', '小组', '组别'],
    家庭人口: ['人口数', '家庭人口数', '家庭人数', '人口', '家庭成员数'],
    贫困户属性: ['贫困属性', '户属性', '贫困户类型'],
    卡类: ['卡类型', '卡别'],
    致贫原因: ['主要致贫原因'],
    脱贫状态: ['贫困状态', '脱贫状况'],
    脱贫年度: ['脱贫年份', '脱贫时间', '脱贫年'],
    帮扶责任人: ['帮扶人', '帮扶干部', '结对帮扶人', '帮扶责任人姓名', '帮扶人姓名'],
    帮扶责任人电话: ['帮扶人电话', '帮扶干部电话', '帮扶责任人联系电话', '帮扶人联系电话', '帮扶责任人手机号码', '帮扶人手机号码'],
  },
  members: {
    户编号: HOUSEHOLD_CODE,
    姓名: ['成员姓名', '家庭成员姓名'],
    身份证号: ID_NUMBER,
    与户主关系: ['与户主的关系', '关系'],
  },
  aid: {
    户编号: HOUSEHOLD_CODE,
    项目类别: ['帮扶类别', '类别', '项目类型'],
    项目名称: ['帮扶项目', '项目', '帮扶措施'],
    金额: ['发放金额', '补助金额', '帮扶金额'],
    发放日期: ['发放时间', '日期'],
    说明: ['备注'],
  },
};

const COLUMNS: Record<SheetKind, { all: readonly string[]; optional: readonly string[] }> = {
  households: { all: HOUSEHOLD_COLUMNS, optional: HOUSEHOLD_OPTIONAL_COLUMNS },
  members: { all: MEMBER_COLUMNS, optional: [] },
  aid: { all: AID_COLUMNS, optional: AID_OPTIONAL_COLUMNS },
};

/** A header cell's text as compared: NFKC, no spaces, line breaks or `*` marks, no trailing colon. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\ufeff*★※]+/g, '')
    .replace(/[:：]$/, '');
}

/** What the header of a `kind` sheet should hold, with every accepted name of each column. */
export function headerSpec(kind: SheetKind): HeaderSpec {
  const names = new Map<string, string>();
  for (const [column, variants] of Object.entries(HEADER_VARIANTS[kind])) {
    for (const name of [column, ...variants]) names.set(headerKey(name), column);
  }
  const { all, optional } = COLUMNS[kind];
  return {
    columns: all,
    required: all.filter((c) => !optional.includes(c)),
    canonical: (text) => {
      const key = headerKey(text);
      return names.get(key) ?? names.get(key.replace(/\([^()]*\)$/, ''));
    },
  };
}

/**
 * Header problems, reported on the header's row: no header found at all, required columns missing, or a column
 * given twice (under any of its names).
 */
export function checkHeaders(table: Pick<Table, 'headers' | 'labels' | 'headerRow'>, kind: SheetKind): RowError[] {
  const { all, optional } = COLUMNS[kind];
  const row = table.headerRow;
  const expected = `表头应包含：${all.join('、')}（顺序不限，多余的列会被忽略）`;
  if (!all.some((column) => table.headers.includes(column))) {
    return [{ row, reason: `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行里没有一行写着这些列名。${expected}` }];
  }
  const errors: RowError[] = [];
  for (const column of all) {
    const at = table.headers.flatMap((h, i) => (h === column ? [i] : []));
    if (at.length === 0 && !optional.includes(column)) {
      const variants = HEADER_VARIANTS[kind][column] ?? [];
      const also = variants.length > 0 ? `（也可以叫：${variants.join('、')}）` : '';
      errors.push({ row, column, reason: `表头缺少这一列${also}。${expected}` });
    }
    if (at.length > 1) {
      const names = at.map((i) => table.labels[i] || column).join('、');
      errors.push({ row, column, reason: `表头里有 ${at.length} 列都是这一项（${names}），请只保留一列` });
    }
  }
  return errors;
}
