import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackSignature } from '../../../adapters/wechat/official-account/signature.js';
import { parseOaXml } from '../../../adapters/wechat/official-account/xml.js';
import { FAKE_OA, FakeWeChatApi } from '../../fakes/wechat-api.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { bindAs, seedPeople } from '../../intent/fixtures.js';
import { waitFor } from './harness.js';

// Free text reaches the right service through a WeChat Official Account (fake WeChat API on 127.0.0.1):
// the passive reply and any customer-service messages together carry the offer, choices as numbered lines.

const ACCOUNT = 'gh_0123456789ab';
let fake: FakeWeChatApi;
let app: TestApp;
let msgId = 5000;

beforeAll(async () => {
  fake = await FakeWeChatApi.start();
  app = await createTestApp({
    WECHAT_MODE: 'official-account',
    WECHAT_OA_APP_ID: FAKE_OA.appId,
    WECHAT_OA_APP_SECRET: FAKE_OA.secret,
    WECHAT_OA_TOKEN: FAKE_OA.token,
    WECHAT_API_ROOT: fake.root,
  });
  await seedPeople(app);
});
afterAll(async () => {
  await app?.dispose();
  await fake?.close();
});

/** Posts a signed text callback and returns everything the user got: the passive reply, then pushed messages. */
async function say(openId: string, content: string, expected: RegExp): Promise<string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(msgId);
  const query = new URLSearchParams({ signature: callbackSignature(FAKE_OA.token, timestamp, nonce), timestamp, nonce });
  const fields = `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId++}</MsgId>`;
  const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${timestamp}</CreateTime>${fields}</xml>`;
  const pushed = fake.textsTo(openId).length;
  const response = await app.server.inject({
    method: 'POST',
    url: `/wechat/official-account?${query}`,
    headers: { 'content-type': 'text/xml' },
    payload: body,
  });
  const passive = parseOaXml(response.body)?.Content ?? '';
  return waitFor(
    () => {
      const all = [passive, ...fake.textsTo(openId).slice(pushed)].join('\n');
      return expected.test(all) && all;
    },
    { what: `a reply to ${openId} matching ${expected}` },
  );
}

describe('intents through a WeChat Official Account', () => {
  it('hardship: 大棚遭了冰雹 is offered 申请帮扶 as a numbered line', async () => {
    const text = await say('o-intent-1', '屋里的大棚遭了冰雹 全砸烂了', /现在申请吗/);
    expect(text).toMatch(/^1\. 申请帮扶$/m);
  });

  it('own status: a bound household asking 我屋里的补助发了冇 gets its status card', async () => {
    await bindAs(app, 'wechat-oa:o-intent-2', 'household');
    const text = await say('o-intent-2', '我屋里的补助发了冇', /【张大山家】/);
    expect(text).toContain('蓝卡');
  });
});
