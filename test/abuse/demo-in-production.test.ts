import { afterEach, describe, expect, it } from 'vitest';
import { HOUSEHOLD_HEADER, multipart } from '../admin/multipart.js';
import { fakeId } from '../registry/helpers.js';
import { ADMIN_PASSWORD, type LoggedApp, loggedApp } from './helpers.js';

// The probe (issue 15, item 6): the demo cadre code GANBU888 is published in the README, and cadres are matched by
// village name, so real households imported into a demo data dir, in a village named like the demo village 红星村,
// became visible to anyone who typed the code.
const REAL_ROW = `R0001,钱七,${fakeId('19600312', 41)},13912340001,真实县,东坡乡,红星村,一组,3,一般贫困户,红卡,因病,已脱贫,2018,李干部,13800001111`;

let app: LoggedApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function say(a: LoggedApp, userId: string, text: string): Promise<string> {
  const res = await a.post({ userId, text });
  return (res.body.replies ?? []).map((r) => r.text).join('\n');
}

describe('demo accounts and real households', () => {
  it('never meet: a real registry cannot be imported into the demo data dir, so the demo cadre code shows no real household', async () => {
    app = await loggedApp({ SEED_DEMO: '1' });
    const login = await app.server.inject({
      method: 'POST',
      url: '/api/admin/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const cookie = `bangfu_admin=${login.cookies.find((c) => c.name === 'bangfu_admin')?.value}`;
    const body = multipart(
      { _csrf: login.json().csrfToken, kind: 'households' },
      { name: 'file', filename: 'h.csv', content: `${HOUSEHOLD_HEADER}\n${REAL_ROW}` },
    );
    await app.server.inject({
      method: 'POST',
      url: '/api/admin/households/import',
      headers: { cookie, ...body.headers },
      payload: body.payload,
    });

    expect(await say(app, 'stranger', '干部绑定 GANBU888')).toContain('绑定成功');
    const mine = await say(app, 'stranger', '我的帮扶户');
    expect(mine).toContain('张大山');
    expect(mine).not.toContain('钱七');
  });
});
