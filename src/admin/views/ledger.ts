import { table } from './components.js';
import { dateTime } from './format.js';
import type { SafeHtml } from './html.js';

/** One recorded step of a ledger item, as the detail APIs give it. */
export type HistoryRow = { at: string; by: string; from: string | null; to: string; note: string };

/** The 办理记录 table of a complaint or application: who moved it, when, from which status to which, and why. */
export function historyTable(history: HistoryRow[], names: Record<string, string>): SafeHtml {
  const rows = [...history]
    .reverse()
    .map((e) => [dateTime(e.at), e.by, e.from ? (names[e.from] ?? e.from) : '—', names[e.to] ?? e.to, e.note || '—']);
  return table(['时间', '办理人', '原状态', '新状态', '说明'], rows, '还没有办理记录。');
}
