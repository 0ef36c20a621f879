import type { ImportResult } from './importer.js';
import type { StatusConflict } from './status-conflict.js';

/** One line saying what an import did, in Chinese, for the CLI, the page and the audit log. */
export function importSummary(result: ImportResult): string {
  const badRows = new Set(result.errors.map((e) => e.row)).size;
  if (!result.written) return `共 ${result.rows} 行，发现 ${result.errors.length} 处错误（涉及 ${badRows} 行），未导入任何数据`;
  const removed = result.kind === 'members' ? `，移除名单外的成员 ${result.removed} 人` : '';
  const conflicts = result.statusConflicts;
  const kept = conflicts.filter((c) => c.kept).length;
  const status =
    conflicts.length === 0
      ? ''
      : `，脱贫状态与系统认定的监测对象不一致 ${conflicts.length} 户（保留监测对象 ${kept} 户，按表格改 ${conflicts.length - kept} 户）`;
  return (
    `共 ${result.rows} 行：新增 ${result.created}，更新 ${result.updated}，` +
    `跳过 ${result.unchanged + result.skipped}（无变化或重复）${removed}${status}，错误 ${badRows} 行`
  );
}

/** One line per 监测对象 conflict: which row and household, what the sheet said, what was done. */
export function statusConflictLine(c: StatusConflict): string {
  return c.kept
    ? `第 ${c.row} 行（户编号 ${c.householdId}）：表格是「${c.sheet}」，这户已在系统里认定为监测对象，保留监测对象。`
    : `第 ${c.row} 行（户编号 ${c.householdId}）：系统认定的监测对象已按表格改为「${c.sheet}」。`;
}
