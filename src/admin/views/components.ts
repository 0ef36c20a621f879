import { type HtmlValue, href, html, type SafeHtml } from './html.js';

/** A labelled option of a select box. */
export type Option = { value: string; label: string };

/** Page links ("上一页 第 2 / 5 页 下一页") keeping the current filters. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, pageSize: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number, label: string) =>
    p >= 1 && p <= pages && p !== page ? html`<a href="${href(path, { ...query, page: p })}">${label}</a>` : html`<span>${label}</span>`;
  return html`<nav class="pager" aria-label="分页">${link(page - 1, '上一页')}<span class="count">第 ${page} / ${pages} 页，共 ${total} 条</span>${link(page + 1, '下一页')}</nav>`;
}

/** Links that download what the current filter shows, via the list API's `format` parameter. */
export function exportLinks(apiPath: string, query: Record<string, string | undefined>): SafeHtml {
  const { page: _page, ...filters } = query;
  return html`<p class="exports">导出当前筛选结果：<a href="${href(apiPath, { ...filters, format: 'csv' })}" download>CSV</a>
    <a href="${href(apiPath, { ...filters, format: 'xlsx' })}" download>Excel</a></p>`;
}

/** Options whose value is their label (place names, fixed Chinese categories). */
export function plainOptions(values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: value }));
}

/** A select box; the current value is selected. */
export function select(name: string, options: Option[], current: string | undefined, blank?: string): SafeHtml {
  return html`<select name="${name}" id="${name}">
    ${blank !== undefined && html`<option value="">${blank}</option>`}
    ${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
  </select>`;
}

/** A label and its control stacked, as in every form of the dashboard. */
export function field(label: string, control: HtmlValue, hint?: string): SafeHtml {
  return html`<div class="field"><label>${label}${control}</label>${hint && html`<small>${hint}</small>`}</div>`;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function table(headers: string[], rows: HtmlValue[][], empty = '没有符合条件的记录。'): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap"><table>
    <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
    <tbody>${rows.map((cells) => html`<tr>${cells.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** Definition list of label/value pairs for a detail page. */
export function facts(pairs: [string, HtmlValue][]): SafeHtml {
  return html`<dl class="facts">${pairs.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v === undefined || v === null || v === '' ? '—' : v}</dd></div>`)}</dl>`;
}

/** A big figure with its label, as on the overview; `alert` makes a figure that needs action stand out. */
export function stat(value: string | number, label: string, alert = false): SafeHtml {
  return html`<div class="stat${alert ? ' alert' : ''}"><b>${value}</b><span>${label}</span></div>`;
}
