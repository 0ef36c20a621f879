import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { idTail, maskIdNumber } from '../../src/privacy/id-number.js';
import { redact } from '../../src/privacy/redact.js';
import { adminApp, fullId, login } from '../admin/helpers.js';
import { HOUSEHOLD_HEADER, multipart } from '../admin/multipart.js';
import { choiceId, type TestApp, textOf } from '../helpers/test-app.js';

// Chat verification asks for name + the last 6 characters; nothing shown anywhere may give any of them away.
const HEAD_ID = fullId('36088119600312415');
const MEMBER_ID = fullId('36088119621109532');
const MASK = `${HEAD_ID.slice(0, 4)}**************`;
/** An ID mask (phones show 4 stars) with characters after its stars: an ID tail, part of the verification factor. */
const SHOWN_TAIL = /\*{6,}[0-9Xx]/;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function upload(cookie: string, csrf: string, kind: string, csv: string): Promise<void> {
  const body = multipart({ _csrf: csrf, kind }, { name: 'file', filename: `${kind}.csv`, content: csv });
  const res = await app?.server.inject({
    method: 'POST',
    url: '/api/admin/households/import',
    headers: { cookie, 'x-csrf-token': csrf, ...body.headers },
    payload: body.payload,
  });
  expect(res?.statusCode, res?.body).toBe(200);
}

function expectNoTail(surface: string, text: string): void {
  expect(text, surface).not.toMatch(SHOWN_TAIL);
  for (const id of [HEAD_ID, MEMBER_ID]) expect(text, surface).not.toContain(idTail(id));
}

describe('the mask and the verification factor', () => {
  it.each([
    ['a digit check character', fullId('36990119620315011')],
    ['an X check character', fullId('36990119800101002')],
    ['a lower-case x', fullId('36990119800101002').toLowerCase()],
    ['an older stored mask', '3699**********0117'],
  ])('shares no character with the last 6 for %s', (_label, id) => {
    expect(maskIdNumber(id)).toBe('3699**************');
  });

  it('holds for log lines too', async () => {
    expect(redact(`核验 ${HEAD_ID} 失败`)).toBe(`核验 ${MASK} 失败`);
  });
});

describe('every place an ID number is shown', () => {
  it('shows the first 4 characters and nothing of the last 6: pages, API, CSV, XLSX, the chat status card', async () => {
    app = await adminApp();
    const { cookie, csrf } = await login(app);
    const row = `H1001,钱七,${HEAD_ID},13912340001,井冈山市,茅坪乡,神山村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`;
    await upload(cookie, csrf, 'households', `${HOUSEHOLD_HEADER}\n${row}`);
    await upload(cookie, csrf, 'members', `户编号,姓名,身份证号,与户主关系\nH1001,钱小梅,${MEMBER_ID},之女`);

    const surfaces: Record<string, string> = {};
    for (const url of ['/admin/households', '/admin/households/H1001', '/api/admin/households', '/api/admin/households/H1001']) {
      const res = await app.server.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      surfaces[url] = res.body;
    }
    surfaces.csv = (await app.server.inject({ url: '/api/admin/households?format=csv', headers: { cookie } })).body;
    const xlsx = await app.server.inject({ url: '/api/admin/households?format=xlsx', headers: { cookie } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]?.eachRow((r) => {
      r.eachCell((c) => {
        cells.push(String(c.value));
      });
    });
    surfaces.xlsx = cells.join('\n');
    await app.chat('villager', '查询我家帮扶情况');
    await app.chat('villager', '钱小梅');
    surfaces['chat status card'] = textOf(await app.chat('villager', idTail(MEMBER_ID)));
    expect(surfaces['chat status card']).toContain('核对成功');
    surfaces['chat status card again'] = textOf(
      await app.chat('villager', { choice: choiceId(await app.chat('villager', '菜单'), '查询我家') }),
    );

    for (const [surface, text] of Object.entries(surfaces)) {
      expect(text, surface).toContain(MASK);
      expectNoTail(surface, text);
    }
  });
});
