import { html, type SafeHtml } from './html.js';

/** One bar: its label, its size, and the text shown next to it (defaults to the value). */
export type Datum = { label: string; value: number; display?: string };

const WIDTH = 600;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 90;
const ROW = 30;

/**
 * Horizontal bars as inline SVG (no script, no CDN), with a text alternative for screen readers. Bars are drawn
 * against `scale` when given (100 for percentages: 25% fills a quarter), else against the largest value.
 */
export function barChart(title: string, data: Datum[], scale?: number): SafeHtml {
  const max = scale ?? Math.max(1, ...data.map((d) => d.value));
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = data.length * ROW + 8;
  const summary = data.map((d) => `${d.label} ${d.display ?? d.value}`).join('，');
  const rows = data.map((d, i) => {
    const y = i * ROW + 4;
    const w = Math.max(d.value > 0 ? 2 : 0, Math.round((Math.min(d.value, max) / max) * span));
    return html`<g>
      <text x="${LABEL_WIDTH - 8}" y="${y + 17}" class="label" text-anchor="end">${d.label}</text>
      <rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="${ROW - 10}" rx="3" class="bar c${i % 8}"></rect>
      <text x="${LABEL_WIDTH + w + 6}" y="${y + 17}" class="value">${d.display ?? d.value}</text>
    </g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}：${summary}" preserveAspectRatio="xMinYMin meet">
      <title>${title}：${summary}</title>${rows}
    </svg></figure>`;
}

/** Vertical columns (e.g. one per month) as inline SVG, labelled under each column. */
export function columnChart(title: string, data: Datum[]): SafeHtml {
  const height = 220;
  const top = 22;
  const bottom = 30;
  const max = Math.max(1, ...data.map((d) => d.value));
  const slot = WIDTH / Math.max(1, data.length);
  const summary = data.map((d) => `${d.label} ${d.display ?? d.value}`).join('，');
  const columns = data.map((d, i) => {
    const h = Math.round((d.value / max) * (height - top - bottom));
    const x = Math.round(i * slot + slot * 0.18);
    const w = Math.max(4, Math.round(slot * 0.64));
    const y = height - bottom - h;
    return html`<g>
      <rect x="${x}" y="${y}" width="${w}" height="${h}" rx="2" class="bar c0"></rect>
      ${d.value > 0 && html`<text x="${x + w / 2}" y="${y - 5}" class="value small" text-anchor="middle">${d.display ?? d.value}</text>`}
      <text x="${x + w / 2}" y="${height - 10}" class="label small" text-anchor="middle">${d.label}</text>
    </g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}：${summary}" preserveAspectRatio="xMinYMin meet">
      <title>${title}：${summary}</title>
      <line x1="0" x2="${WIDTH}" y1="${height - bottom}" y2="${height - bottom}" class="axis"></line>${columns}
    </svg></figure>`;
}

/** Yuan from fen for people: 1234 → "12.34", 12345600 → "12.35万". */
export function formatYuan(fen: number): string {
  const yuan = fen / 100;
  if (Math.abs(yuan) >= 10_000) return `${(yuan / 10_000).toFixed(2).replace(/\.?0+$/, '')}万`;
  return yuan.toFixed(2).replace(/\.00$/, '');
}
