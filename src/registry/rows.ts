import { z } from 'zod';
import type { AidCategory } from '../model/aid.js';
import type { CardColour, HouseholdAttribute, PovertyStatus } from '../model/household.js';
import { checkIdNumber } from '../privacy/id-number.js';
import {
  type Parsed,
  parseAmountFen,
  parseChoice,
  parseCode,
  parseCount,
  parseDate,
  parseName,
  parseOptionalText,
  parsePhone,
  parseText,
  parseYear,
} from './cells.js';
import type { Cell } from './table.js';

/** The household sheet's columns, exactly as the header must spell them. */
export const HOUSEHOLD_COLUMNS = [
  '户编号',
  '户主姓名',
  '身份证号',
  '联系电话',
  '县',
  '乡镇',
  '村',
  '组',
  '家庭人口',
  '贫困户属性',
  '卡类',
  '致贫原因',
  '脱贫状态',
  '脱贫年度',
  '帮扶责任人',
  '帮扶责任人电话',
] as const;
/** Household columns that may be left out of the header (existing values are then kept). */
export const HOUSEHOLD_OPTIONAL_COLUMNS = ['联系电话', '组', '卡类', '脱贫年度', '帮扶责任人', '帮扶责任人电话'] as const;
/** The member sheet's columns. */
export const MEMBER_COLUMNS = ['户编号', '姓名', '身份证号', '与户主关系'] as const;
/** The aid sheet's columns. */
export const AID_COLUMNS = ['户编号', '项目类别', '项目名称', '金额', '发放日期', '说明'] as const;
/** Aid columns that may be left out of the header. */
export const AID_OPTIONAL_COLUMNS = ['说明'] as const;

/** Allowed values. */
export const CARD_COLOURS: readonly CardColour[] = ['红卡', '蓝卡', '黄卡'];
/** Allowed values. */
export const ATTRIBUTES: readonly HouseholdAttribute[] = ['一般贫困户', '低保贫困户', '特困供养户', '其他'];
/** Allowed values. */
export const STATUSES: readonly PovertyStatus[] = ['未脱贫', '已脱贫', '监测对象'];
/** Allowed values. */
export const AID_CATEGORIES: readonly AidCategory[] = ['产业', '健康', '教育', '安居', '就业', '金融', '兜底', '其他'];
/** Allowed 致贫原因, as in the national registry. */
export const CAUSES = [
  '因病',
  '因残',
  '因学',
  '因灾',
  '缺土地',
  '缺水',
  '缺技术',
  '缺劳力',
  '缺资金',
  '交通条件落后',
  '自身发展动力不足',
] as const;

/** A problem with one row (or with the header) of an imported sheet. */
export type RowError = { row: number; column?: string; reason: string };

/** `第 N 行，「列名」：原因`: how every row problem is shown to staff. */
export function formatRowError(error: RowError): string {
  return error.column ? `第 ${error.row} 行，「${error.column}」：${error.reason}` : `第 ${error.row} 行：${error.reason}`;
}

/** The reasons zod found, as row errors. */
export function rowErrors(row: number, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({ row, column: String(issue.path[0] ?? ''), reason: issue.message }));
}

function column<T>(parse: (cell: Cell | undefined) => Parsed<T>) {
  // A bare transform, not custom().transform(): a pipe per cell costs 3× more over 100,000 rows.
  return z.transform((cell: Cell | undefined, ctx): T => {
    const result = parse(cell);
    if (result.ok) return result.value;
    ctx.addIssue(result.reason);
    return z.NEVER;
  });
}

const TEXT_COLUMN = '请把这一列设为“文本”格式，填上完整号码，再重新导出、导入';
const EXCEL_NUMBER = `被 Excel 存成了数字，后几位已经丢失。${TEXT_COLUMN}`;

function parseId(cell: Cell | undefined): Parsed<string> {
  // 18 digits do not fit a double: Excel keeps 15 significant digits and shows them as 3.69901196203150E+17 or with zeros at the end.
  if (typeof cell === 'number') return { ok: false, reason: EXCEL_NUMBER };
  const text = typeof cell === 'string' ? cell.normalize('NFKC').replace(/\s+/g, '') : '';
  if (/^\d(\.\d+)?E\+?\d+$/i.test(text)) return { ok: false, reason: EXCEL_NUMBER };
  const checked = checkIdNumber(text);
  if (!checked.ok && /^\d{15}000$/.test(text))
    return { ok: false, reason: `${checked.reason}；末三位是 000，多半是被 Excel 存成过数字，后几位已经丢失。${TEXT_COLUMN}` };
  return checked;
}

function parseCauses(cell: Cell | undefined): Parsed<string[]> {
  const parts = (typeof cell === 'string' ? cell.normalize('NFKC') : '').split(/[、,;；\s]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, reason: `不能为空，应填 ${CAUSES.join('、')} 中的一项或几项，用“、”隔开` };
  const unknown = parts.filter((p) => !(CAUSES as readonly string[]).includes(p));
  if (unknown.length > 0) return { ok: false, reason: `“${unknown.join('、')}”不在规定的致贫原因里（${CAUSES.join('、')}）` };
  return { ok: true, value: [...new Set(parts)] };
}

const cardAliases: Record<string, CardColour> = { 红: '红卡', 蓝: '蓝卡', 黄: '黄卡' };

function parseCard(cell: Cell | undefined): Parsed<CardColour | undefined> {
  if (cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return { ok: true, value: undefined };
  return parseChoice(cell, CARD_COLOURS, cardAliases);
}

/** One household row, validated and converted. */
export const householdRow = z.object({
  户编号: column(parseCode),
  户主姓名: column(parseName),
  身份证号: column(parseId),
  联系电话: column(parsePhone),
  县: column((c) => parseText(c, 30)),
  乡镇: column((c) => parseText(c, 30)),
  村: column((c) => parseText(c, 30)),
  组: column((c) => parseOptionalText(c, 30)),
  家庭人口: column((c) => parseCount(c, 1, 50)),
  贫困户属性: column((c) => parseChoice(c, ATTRIBUTES)),
  卡类: column(parseCard),
  致贫原因: column(parseCauses),
  脱贫状态: column((c) => parseChoice(c, STATUSES)),
  脱贫年度: column(parseYear),
  帮扶责任人: column((c) => parseOptionalText(c, 30)),
  帮扶责任人电话: column(parsePhone),
});
/** A valid household row. */
export type HouseholdRow = z.output<typeof householdRow>;

/** One member row. */
export const memberRow = z.object({
  户编号: column(parseCode),
  姓名: column(parseName),
  身份证号: column(parseId),
  与户主关系: column((c) => parseText(c, 20)),
});
/** A valid member row. */
export type MemberRow = z.output<typeof memberRow>;

/** One aid row. */
export const aidRow = z.object({
  户编号: column(parseCode),
  项目类别: column((c) => parseChoice(c, AID_CATEGORIES)),
  项目名称: column((c) => parseText(c, 100)),
  金额: column(parseAmountFen),
  发放日期: column(parseDate),
  说明: column((c) => parseOptionalText(c, 500)),
});
/** A valid aid row. */
export type AidRow = z.output<typeof aidRow>;
