import type { ImportResult } from './importer.js';

const SHOWN_ROWS = 20;

/** Where an import's rows came from, when that is not simply row 1 of the only sheet, in Chinese (empty otherwise). */
export function sourceLines(result: Pick<ImportResult, 'sheet' | 'headerRow' | 'ignoredRows'>): string {
  const lines: string[] = [];
  if (result.sheet !== undefined || result.headerRow !== 1) {
    lines.push(`读取${result.sheet === undefined ? '' : `工作表「${result.sheet}」`}，表头从第 ${result.headerRow} 行开始。`);
  }
  const ignored = result.ignoredRows;
  if (ignored.length > 0) {
    const shown = ignored.slice(0, SHOWN_ROWS).join('、');
    const more = ignored.length > SHOWN_ROWS ? ` 等 ${ignored.length} 行` : ' 行';
    lines.push(`第 ${shown}${more}是合计、小计或说明，没有导入。`);
  }
  return lines.join('\n');
}
