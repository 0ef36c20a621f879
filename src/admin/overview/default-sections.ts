import type { AidCategory } from '../../model/aid.js';
import type { CardColour, PovertyStatus } from '../../model/household.js';
import { barChart, columnChart, formatYuan } from '../views/charts.js';
import { stat } from '../views/components.js';
import { html } from '../views/html.js';
import { defineSection, type OverviewSection } from './sections.js';

const CARDS: (CardColour | '未分卡')[] = ['红卡', '蓝卡', '黄卡', '未分卡'];
const STATUSES: PovertyStatus[] = ['未脱贫', '已脱贫', '监测对象'];
const CATEGORIES: AidCategory[] = ['产业', '健康', '教育', '安居', '就业', '金融', '兜底', '其他'];

/** The last `count` months up to `now`'s month in China time, oldest first, as YYYY-MM. */
export function lastMonths(now: Date, count: number): string[] {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const d = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

const households = defineSection({
  id: 'households',
  title: '建档立卡户',
  collect: ({ store }) => {
    const byCard = Object.fromEntries(CARDS.map((c) => [c, 0])) as Record<(typeof CARDS)[number], number>;
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<PovertyStatus, number>;
    let people = 0;
    for (const h of store.households.all()) {
      byCard[h.card ?? '未分卡'] += 1;
      byStatus[h.status] += 1;
      people += h.size;
    }
    return { total: store.households.count(), people, byCard, byStatus };
  },
  render: (d) => html`<div class="stats">${stat(d.total, '户')}${stat(d.people, '人')}${stat(d.byStatus.监测对象, '监测对象')}</div>
    <div class="charts">
      ${barChart(
        '按卡类',
        CARDS.map((c) => ({ label: c, value: d.byCard[c] })),
      )}
      ${barChart(
        '按脱贫状态',
        STATUSES.map((s) => ({ label: s, value: d.byStatus[s] })),
      )}
    </div>`,
});

const aid = defineSection({
  id: 'aid',
  title: '帮扶资金',
  collect: ({ store, now }) => {
    const months = lastMonths(now, 12);
    const byCategory = new Map(CATEGORIES.map((c) => [c, { category: c, amountFen: 0, count: 0 }]));
    const byMonth = new Map(months.map((m) => [m, { month: m, amountFen: 0, count: 0 }]));
    let totalFen = 0;
    for (const r of store.aid.all()) {
      totalFen += r.amountFen;
      const c = byCategory.get(r.category);
      if (c) {
        c.amountFen += r.amountFen;
        c.count += 1;
      }
      const m = byMonth.get(r.date.slice(0, 7));
      if (m) {
        m.amountFen += r.amountFen;
        m.count += 1;
      }
    }
    return { totalFen, byCategory: [...byCategory.values()], byMonth: [...byMonth.values()] };
  },
  render: (d) => html`<div class="stats">${stat(formatYuan(d.totalFen), '元（累计）')}${stat(
    formatYuan(d.byMonth.reduce((n, m) => n + m.amountFen, 0)),
    '元（近 12 个月）',
  )}</div>
    <div class="charts">
      ${barChart(
        '按项目类别（元）',
        d.byCategory.map((c) => ({ label: c.category, value: c.amountFen, display: formatYuan(c.amountFen) })),
      )}
      ${columnChart(
        '近 12 个月发放（元）',
        d.byMonth.map((m) => ({ label: `${Number(m.month.slice(5))}月`, value: m.amountFen, display: formatYuan(m.amountFen) })),
      )}
    </div>`,
});

const outbox = defineSection({
  id: 'outbox',
  title: '消息推送',
  collect: ({ store }) => store.outbox.counts(),
  render: (
    d,
  ) => html`<div class="stats">${stat(d.unreachable, '无法送达', d.unreachable > 0)}${stat(d.pending, '待发送')}${stat(d.sent, '已送达')}</div>
    ${
      d.unreachable > 0
        ? html`<p class="warn">有 ${d.unreachable} 条消息（办理进度、核查通知、走访提醒）没能送达：对方可能已拉黑、取消关注或换了账号。实名反映人和帮扶干部请另行电话告知。</p>`
        : html`<p class="muted">所有消息都已送达或正在发送。</p>`
    }`,
});

/** The built-in overview panels: households, aid paid, outbox delivery. */
export const defaultOverviewSections: readonly OverviewSection[] = [households, aid, outbox];
