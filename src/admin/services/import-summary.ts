import type { ImportResult } from '../../registry/importer.js';

/** One line saying what an import did, in Chinese, for the page and the audit log. */
export function importSummary(result: ImportResult): string {
  const badRows = new Set(result.errors.map((e) => e.row)).size;
  if (!result.written) return `共 ${result.rows} 行，发现 ${result.errors.length} 处错误（涉及 ${badRows} 行），未导入任何数据`;
  return (
    `共 ${result.rows} 行：新增 ${result.created}，更新 ${result.updated}，` +
    `跳过 ${result.unchanged + result.skipped}（无变化或重复），错误 ${badRows} 行`
  );
}
