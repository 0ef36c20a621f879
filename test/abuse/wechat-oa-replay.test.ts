import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialAccountOf } from '../../adapters/wechat/official-account/register.js';
import { parseOaXml } from '../../adapters/wechat/official-account/xml.js';
import { reply } from '../../src/model/reply.js';
import { FAKE_OA, FakeWeChatApi } from '../fakes/wechat-api.js';
import { type FakeCallback, FakeWeChatCallbacks } from '../fakes/wechat-callbacks.js';
import { type LoggedApp, loggedApp } from './helpers.js';

// The demo data (content/demo): household 张大山, ID tail 150117.
const NAME = '张大山';
const TAIL = '150117';
const ACCOUNT = 'gh_0123456789ab';
const PATH = '/wechat/official-account';
const HOUSEHOLD_OPENID = 'oBangfuHousehold0000000001';
const CARD = `【${NAME}家】`;

const clock = { ms: Date.now() };
const wechat = new FakeWeChatCallbacks({ path: PATH, token: FAKE_OA.token, appId: FAKE_OA.appId, now: () => clock.ms });
let fake: FakeWeChatApi;
let app: LoggedApp;
let msgId = 9000;

beforeAll(async () => {
  fake = await FakeWeChatApi.start();
  app = await loggedApp(
    {
      SEED_DEMO: '1',
      WECHAT_MODE: 'official-account',
      WECHAT_OA_APP_ID: FAKE_OA.appId,
      WECHAT_OA_APP_SECRET: FAKE_OA.secret,
      WECHAT_OA_TOKEN: FAKE_OA.token,
      WECHAT_API_ROOT: fake.root,
    },
    { now: () => new Date(clock.ms) },
  );
});
afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

function textXml(openId: string, content: string): string {
  return (
    `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>` +
    `<CreateTime>${Math.floor(clock.ms / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId++}</MsgId></xml>`
  );
}

async function send(callback: FakeCallback): Promise<{ status: number; content: string }> {
  const response = await app.server.inject({
    method: 'POST',
    url: callback.url,
    headers: { 'content-type': 'text/xml' },
    payload: callback.body,
  });
  return { status: response.statusCode, content: parseOaXml(response.body)?.Content ?? '' };
}

describe('a captured Official Account callback URL (issue 15, item 1)', () => {
  let captured: FakeCallback;

  it('sets the scene: the household verifies through the Official Account and sees its aid card', async () => {
    captured = wechat.message(textXml(HOUSEHOLD_OPENID, '查询我家帮扶情况'));
    await send(captured);
    await send(wechat.message(textXml(HOUSEHOLD_OPENID, NAME)));
    expect((await send(wechat.message(textXml(HOUSEHOLD_OPENID, TAIL)))).content).toContain('核对成功');
    expect((await send(wechat.message(textXml(HOUSEHOLD_OPENID, '查询我家帮扶情况')))).content).toContain(CARD);
  });

  it('cannot be reused a minute later with a new body to read the aid card', async () => {
    clock.ms += 60_000;
    const replay = { ...captured, body: textXml(HOUSEHOLD_OPENID, '查询我家帮扶情况') };
    const answer = await send(replay);
    expect(answer.status).toBe(403);
    expect(answer.content).not.toContain(CARD);
  });

  it('cannot be reused a day later', async () => {
    clock.ms += 86_400_000;
    const answer = await send({ ...captured, body: textXml(HOUSEHOLD_OPENID, '查询我家帮扶情况') });
    expect(answer.status).toBe(403);
    expect(answer.content).not.toContain(CARD);
    // The household itself still gets through.
    expect((await send(wechat.message(textXml(HOUSEHOLD_OPENID, '查询我家帮扶情况')))).content).toContain(CARD);
  });

  it('leaves no openid in the logs, also when a send to the user fails', async () => {
    fake.failSendTo.set(HOUSEHOLD_OPENID, { errcode: 43004, errmsg: 'require subscribe' });
    await app.store.outbox.enqueue('wechat-oa', HOUSEHOLD_OPENID, reply('您反映的问题已经办结。'), new Date(clock.ms));
    await officialAccountOf(app.server)?.drainOutbox();
    const logs = app.logs();
    expect(logs).toContain('the user cannot be reached');
    expect(logs).not.toContain(HOUSEHOLD_OPENID);
    expect(logs.match(/\bo[A-Za-z0-9_-]{20,}\b/g) ?? []).toEqual([]);
    expect(logs).toContain('a callback was refused');
  });
});
