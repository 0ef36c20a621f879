import type ExcelJS from 'exceljs';
import { HOUSEHOLD_COLUMNS } from '../../src/registry/rows.js';
import { householdCells } from './helpers.js';

type Value = ExcelJS.CellValue;

/** The household columns under the names a county sheet often uses instead (same order as HOUSEHOLD_COLUMNS). */
export const VARIANT_HEADER = [
  '户编号',
  '户主',
  '身份证号码',
  '手机号码',
  '县',
  '乡镇',
  '村',
  '组',
  '人口数',
  '贫困户属性',
  '卡类',
  '致贫原因',
  '脱贫状态',
  '脱贫年度',
  '帮扶人',
  '帮扶人电话',
];

/** A household row as a list in HOUSEHOLD_COLUMNS order, from householdCells, with typed overrides (numbers, dates). */
export function householdValues(n: number, overrides: Partial<Record<(typeof HOUSEHOLD_COLUMNS)[number], Value>> = {}): Value[] {
  const cells = householdCells(n);
  return HOUSEHOLD_COLUMNS.map((c) => (c in overrides ? overrides[c] : cells[c]) as Value);
}

/** Adds a title row merged across `width` columns, as county rosters start. */
export function addTitle(sheet: ExcelJS.Worksheet, text: string, width: number = HOUSEHOLD_COLUMNS.length): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, width);
}

/**
 * The messy roster most counties keep: a merged title, a blank row, a note, the header under variant names on row 4,
 * `rows` households from row 5, then a 合计 row and two notes.
 */
export function messyHouseholdSheet(sheet: ExcelJS.Worksheet, rows: Value[][]): void {
  addTitle(sheet, '演示县建档立卡贫困户花名册');
  sheet.addRow([]);
  const note = sheet.addRow(['填报单位：演示县乡村振兴局（盖章）        填报日期：2026年3月']);
  sheet.mergeCells(note.number, 1, note.number, 8);
  sheet.addRow(VARIANT_HEADER);
  for (const row of rows) sheet.addRow(row);
  sheet.addRow(['合计', '', '', '', '', '', '', '', rows.length * 4]);
  sheet.addRow(['注：本表由村委会填写，乡镇审核。']);
  sheet.addRow(['填表人：', '', '', '审核人：']);
}

/** Writes a workbook to a Buffer. */
export async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
