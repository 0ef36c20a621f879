import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { chinaDate, chinaMinute } from '../../model/calendar.js';

/** One exported column: its Chinese header and how to read it from a row (already masked by the caller); timestamps are shown as China time. */
export type Column<T> = { header: string; value: (row: T) => string | number | undefined };

/** The download formats every list offers. */
export type ExportFormat = 'csv' | 'xlsx';

function cellValue<T>(column: Column<T>, row: T): string | number | undefined {
  const value = column.value(row);
  return typeof value === 'string' ? chinaMinute(value) : value;
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  // A cell starting with = + - @ would run as a formula when the file is opened in Excel (CSV injection).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with a UTF-8 BOM and CRLF line ends, so Excel on Chinese Windows shows the characters right. */
export function toCsv<T>(columns: Column<T>[], rows: Iterable<T>): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(cellValue(c, row))).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** An XLSX workbook with one sheet, a bold header row and sensible column widths. */
export async function toXlsx<T>(columns: Column<T>[], rows: Iterable<T>, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: Math.max(10, c.header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => cellValue(c, row) ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends rows as a CSV or XLSX download named `<name>-<China date>.<ext>`. */
export async function sendExport<T>(
  reply: FastifyReply,
  format: ExportFormat,
  name: string,
  columns: Column<T>[],
  rows: T[],
  now: Date,
): Promise<FastifyReply> {
  const file = `${name}-${chinaDate(now.toISOString())}.${format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`).header('cache-control', 'no-store');
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(columns, rows));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(columns, rows, name));
}
