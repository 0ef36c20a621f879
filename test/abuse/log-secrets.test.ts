import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type LoggedApp, loggedApp } from './helpers.js';

// The demo data (content/demo): household 张大山, ID tail 150117; cadre code GANBU888.
const NAME = '张大山';
const TAIL = '150117';
const PHONE = '13800001234';
const WRONG_PASSWORD = 'Not-The-Password-42';
// Web chat user ids, distinctive enough to be found in the logs if anything printed them.
const USERS = { failing: 'web-user-3f1a9c', villager: 'web-user-8b2e40', neighbour: 'web-user-c71d55', cadre: 'web-user-0e9f63' };

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function talk(a: LoggedApp, userId: string, ...texts: (string | { choice: string })[]): Promise<string> {
  let last = '';
  for (const t of texts) {
    const res = await a.post(typeof t === 'string' ? { userId, text: t } : { userId, choice: t.choice });
    expect(res.status, JSON.stringify(t)).toBe(200);
    last = (res.body.replies ?? []).map((r) => r.text).join('\n');
  }
  return last;
}

describe('logs of a whole day of chat and dashboard use', () => {
  it('hold no ID number, ID tail with its name, phone number, password, hash key, session cookie or chat user id', async () => {
    app = await loggedApp({ SEED_DEMO: '1', LOG_LEVEL: 'trace', CHAT_RATE_PER_USER_PER_MINUTE: '1000' });
    const a = app;
    // A submit that fails (its error is logged with the most detail), typed full of personal data.
    const log = join(a.dataDir, 'store.log');
    await rename(log, `${log}.aside`);
    await mkdir(join(log, 'blocker'), { recursive: true });
    const failed = await talk(
      a,
      USERS.failing,
      '反映问题',
      '1',
      '东坡乡',
      '红星村',
      `我是${NAME}，身份证后六位${TAIL}，电话${PHONE}，补贴没发`,
      '跳过',
      '实名',
      PHONE,
      '确认提交',
    );
    expect(failed).toContain('没有保存成功');
    await rm(log, { recursive: true, force: true });
    await rename(`${log}.aside`, log);
    // A failed and a successful verification, then a named complaint with a phone number.
    expect(await talk(a, USERS.villager, '查询我家帮扶情况', NAME, '999999')).toContain('没有核对上');
    expect(await talk(a, USERS.villager, '查询我家帮扶情况', NAME, TAIL)).toContain('核对成功');
    const receipt = await talk(
      a,
      USERS.villager,
      '反映问题',
      '1',
      '是的',
      '今年三月份的产业奖补到现在都没有发到我家',
      '跳过',
      '实名',
      PHONE,
      '确认提交',
    );
    expect(receipt).toContain('查询码');
    // 留言 with a phone number.
    await talk(a, USERS.neighbour, '留言', '1', '村口的路灯坏了三个月了', PHONE);
    // A cadre enrols and logs a visit.
    await talk(a, USERS.cadre, '干部绑定 GANBU888');
    const pick = await a.post({ userId: USERS.cadre, text: '走访登记' });
    const household = pick.body.replies?.flatMap((r) => r.choices ?? []).find((c) => c.id.startsWith('hh:'));
    if (!household) throw new Error('no household to visit');
    const visit = await talk(
      a,
      USERS.cadre,
      { choice: household.id },
      '昨天',
      ...Array(6).fill('达标'),
      '跳过',
      '跳过',
      '继续跟踪',
      '1',
      '跳过',
      '确认提交',
    );
    expect(visit).toContain('走访记录已保存');
    // Staff: a failed and a good login, then the pages that show personal data.
    await a.server.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: WRONG_PASSWORD } });
    const login = await a.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0] as string;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    for (const url of ['/admin/households', '/admin/households/YS-0001', '/admin/complaints', '/api/admin/households?q=张']) {
      expect((await a.server.inject({ url, headers: { cookie } })).statusCode, url).toBe(200);
    }

    const logs = a.logs();
    expect(logs).toContain('"msg":"request"');
    expect(logs).toContain('submit of form complaint failed');
    const key = a.config.ID_HASH_KEY as string;
    const chatIds = Object.values(USERS).filter((id) => logs.includes(id));
    const findings = {
      'an 18-character ID number': logs.match(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g),
      'the ID tail': logs.match(new RegExp(`(?<!\\d)${TAIL}(?!\\d)`, 'g')),
      'the name next to an ID tail': logs.match(new RegExp(`${NAME}.{0,40}\\d{5}[\\dX]|\\d{5}[\\dX].{0,40}${NAME}`, 'g')),
      'a full mobile number': logs.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g),
      'the admin password': logs.includes(ADMIN_PASSWORD) ? [ADMIN_PASSWORD] : null,
      'a wrong password': logs.includes(WRONG_PASSWORD) ? [WRONG_PASSWORD] : null,
      'the hash key': logs.includes(key) ? ['ID_HASH_KEY'] : null,
      'the session cookie': logs.includes(cookie.split('=')[1] as string) ? ['cookie'] : null,
      'the CSRF token': logs.includes(csrf) ? ['csrf'] : null,
      'a chat user id': chatIds.length > 0 ? chatIds : null,
    };
    expect(Object.fromEntries(Object.entries(findings).filter(([, found]) => found !== null))).toEqual({});
  });
});
