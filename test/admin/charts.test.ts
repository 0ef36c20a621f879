import { afterEach, describe, expect, it } from 'vitest';
import { barChart } from '../../src/admin/views/charts.js';
import type { TestApp } from '../helpers/test-app.js';
import { adminApp, household, login } from './helpers.js';
import { api, cadre, visit } from './ledger-fixtures.js';

// The chart is 600 wide: 130 for labels, 90 for the figures, 380 for the bars.
const FULL = 380;

/** The widths of the bars of the chart titled `title` in a page. */
function barWidths(page: string, title: string): number[] {
  const start = page.indexOf(`<figcaption>${title}`);
  const figure = page.slice(start, page.indexOf('</figure>', start));
  return [...figure.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
}

let app: TestApp;
afterEach(async () => app?.dispose());

describe('bar charts', () => {
  it.each([
    [[25], 100, [95]],
    [[25, 50, 100], 100, [95, 190, FULL]],
    [[0, 1], 100, [0, 4]],
    [[120], 100, [FULL]],
    [[25], undefined, [FULL]],
    [[1, 4], undefined, [95, FULL]],
  ])('values %j against %s are drawn %j wide', (values, scale, widths) => {
    const chart = String(
      barChart(
        '图',
        values.map((value, i) => ({ label: `第${i}`, value })),
        scale,
      ),
    );
    expect(barWidths(chart, '图')).toEqual(widths);
  });

  it('draws village coverage on the overview against 100%: 25% fills a quarter', async () => {
    const now = new Date('2025-03-20T02:00:00Z');
    app = await adminApp({ now: () => now });
    await app.store.households.upsert(await household('H0004'), await household('H0005'), await household('H0006'));
    await cadre(app, 'C1', '刘帮扶', ['神山村']);
    await visit(app, { id: 'V1', cadreId: 'C1', householdId: 'H0001', village: '神山村', date: '2025-03-17' });
    const page = (await api(app, await login(app), '/admin/overview')).body;
    expect(page).toContain('茅坪乡神山村 25%');
    // 坝上村 and 长富桥村 have no visit (0%); 神山村 has one of its four households (25%).
    expect(barWidths(page, '覆盖率最低的村')).toEqual([0, 0, 95]);
  });
});
