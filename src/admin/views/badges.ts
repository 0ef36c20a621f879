import { html, type SafeHtml } from './html.js';

/** A ledger status as a coloured tag; `id` picks the colour (the stylesheet knows every status id). */
export function statusTag(id: string, name: string): SafeHtml {
  return html`<span class="tag status-${id}">${name}</span>`;
}

/** The red "逾期" badge of an item past its deadline, or nothing. */
export function overdueBadge(overdue: boolean, title = '已超过办理期限'): SafeHtml | '' {
  return overdue ? html`<span class="tag overdue" title="${title}">逾期</span>` : '';
}

/** The "重新整改 ×n" marker of a complaint reopened after closing, or nothing. */
export function reopenedBadge(count: number): SafeHtml | '' {
  return count > 0 ? html`<span class="tag reopened" title="办结后因群众不满意等原因重新整改">重新整改 ×${count}</span>` : '';
}
