import dayjs from 'dayjs';
import { localDate } from '../../model/calendar.js';
import type { Store } from '../../store/store.js';
import { coverage } from '../../visits/coverage.js';
import { barChart, columnChart } from '../views/charts.js';
import { stat } from '../views/components.js';
import { percent } from '../views/format.js';
import { html } from '../views/html.js';
import { defineSection, type OverviewSection } from './sections.js';

const LOWEST_VILLAGES = 8;

/** The Mondays (YYYY-MM-DD) of the last `count` weeks up to the week of `now` in China, oldest first. */
export function lastWeeks(now: Date, count: number): string[] {
  const today = dayjs(localDate(now));
  const monday = today.subtract((today.day() + 6) % 7, 'day');
  return Array.from({ length: count }, (_, i) => monday.subtract(count - 1 - i, 'week').format('YYYY-MM-DD'));
}

/** Visits per week for the given Mondays. */
async function perWeek(store: Store, mondays: string[]): Promise<{ week: string; count: number }[]> {
  const counts = new Map(mondays.map((m) => [m, 0]));
  for (const [date, visits] of Object.entries(await store.visits.countByDate(mondays[0] ?? ''))) {
    const day = dayjs(date);
    const monday = day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
    const n = counts.get(monday);
    if (n !== undefined) counts.set(monday, n + visits);
  }
  return mondays.map((week) => ({ week, count: counts.get(week) ?? 0 }));
}

/** Households visited within `days`, overall and for the villages lagging most. */
async function coverageFigures(store: Store, now: Date, days: number) {
  const { byVillage } = await coverage(store, now, days);
  const households = byVillage.reduce((n, r) => n + r.assigned, 0);
  const visited = byVillage.reduce((n, r) => n + r.visited, 0);
  const lowest = byVillage.slice(0, LOWEST_VILLAGES).map((r) => ({ village: r.name, rate: r.rate }));
  return { days, households, visited, rate: households ? visited / households : 0, lowest };
}

/** The visits panel: visits per week over the last 12 weeks and the share of households visited within `days`. */
export function visitsSection(days: number): OverviewSection {
  return defineSection({
    id: 'visits',
    title: '入户走访',
    collect: async ({ store, now }) => ({
      perWeek: await perWeek(store, lastWeeks(now, 12)),
      coverage: await coverageFigures(store, now, days),
    }),
    render: (d) => html`<div class="stats">${stat(
      percent(d.coverage.rate),
      `近 ${d.coverage.days} 天走访覆盖率`,
      d.coverage.visited < d.coverage.households,
    )}${stat(`${d.coverage.visited} / ${d.coverage.households}`, '已走访户 / 建档立卡户')}${stat(
      d.perWeek.reduce((n, w) => n + w.count, 0),
      '近 12 周走访次数',
    )}</div>
      <div class="charts">
        ${columnChart(
          '近 12 周每周走访次数',
          d.perWeek.map((w) => ({ label: `${Number(w.week.slice(5, 7))}/${Number(w.week.slice(8))}`, value: w.count })),
        )}
        ${barChart(
          `覆盖率最低的村（近 ${d.coverage.days} 天）`,
          d.coverage.lowest.map((v) => ({ label: v.village, value: Math.round(v.rate * 100), display: percent(v.rate) })),
          100,
        )}
      </div>`,
  });
}
