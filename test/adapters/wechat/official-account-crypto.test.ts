import { describe, expect, it } from 'vitest';
import { OaCryptoError, OaMessageCrypto } from '../../../adapters/wechat/official-account/message-crypto.js';
import { verifyMsgSignature } from '../../../adapters/wechat/official-account/signature.js';
import { parseOaXml } from '../../../adapters/wechat/official-account/xml.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { FakeWeChatCallbacks } from '../../fakes/wechat-callbacks.js';

// Tencent's published sample for the Official Account message encryption (公众平台消息加解密 sample code): test data, not code.
const SAMPLE = {
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypted:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn8' +
    '96wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVC' +
    'ZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEP' +
    'o5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};

const KEY = 'bangfuTestEncodingAesKey0123456789abcdefghi';
const APP_ID = 'wx0123456789abcdef';
const fake = new FakeWeChatCallbacks({ path: '/', token: 'bangfuTestToken', appId: APP_ID, aesKey: KEY });

describe('安全模式 message encryption', () => {
  it("opens Tencent's sample message and checks its msg_signature", async () => {
    const query = { msg_signature: SAMPLE.msgSignature, timestamp: SAMPLE.timestamp, nonce: SAMPLE.nonce };
    expect(verifyMsgSignature(SAMPLE.token, query, SAMPLE.encrypted)).toBe(true);
    expect(verifyMsgSignature(SAMPLE.token, query, `${SAMPLE.encrypted.slice(0, -2)}A=`)).toBe(false);
    const xml = new OaMessageCrypto(SAMPLE.aesKey, SAMPLE.appId).decrypt(SAMPLE.encrypted);
    expect(parseOaXml(xml)).toMatchObject({
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  it('refuses a message for another AppID', async () => {
    expect(() => new OaMessageCrypto(SAMPLE.aesKey, 'wx0000000000000000').decrypt(SAMPLE.encrypted)).toThrow(/another account/);
  });

  // Lengths around the 32-byte padding block: 16 random + 4 length + text + 18 AppID bytes.
  it.each([0, 1, 25, 26, 27, 57, 58, 200])('round-trips %i bytes of text both ways with an independent implementation', (size) => {
    const text = '帮'.repeat(Math.floor(size / 3)) + 'x'.repeat(size % 3);
    const crypto = new OaMessageCrypto(KEY, APP_ID);
    const sealed = crypto.encrypt(text);
    expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
    expect(fake.decrypt(sealed)).toEqual({ xml: text, appId: APP_ID });
    expect(crypto.decrypt(fake.encrypt(text))).toBe(text);
  });

  it('pads a whole extra block when the plaintext fills its blocks exactly', async () => {
    // 16 + 4 + 26 + 18 = 64 bytes: PKCS#7 adds 32 bytes of 32.
    const sealed = new OaMessageCrypto(KEY, APP_ID).encrypt('x'.repeat(26), Buffer.alloc(16));
    expect(Buffer.from(sealed, 'base64').length).toBe(96);
  });

  it.each([
    ['not a multiple of 32 bytes', Buffer.alloc(40).toString('base64')],
    ['empty', ''],
    [
      'encrypted with another key',
      new FakeWeChatCallbacks({ path: '/', token: 't', appId: APP_ID, aesKey: 'A'.repeat(43) }).encrypt('<xml/>'),
    ],
  ])('refuses an encrypted part that is %s with an OaCryptoError', (_name, encrypted) => {
    expect(() => new OaMessageCrypto(KEY, APP_ID).decrypt(encrypted)).toThrow(OaCryptoError);
  });
});

describe('WECHAT_OA_AES_KEY', () => {
  it.each([
    ['42 characters', KEY.slice(1)],
    ['44 characters', `${KEY}x`],
    ['a base64 sign in it', `${KEY.slice(1)}+`],
  ])('refuses a key of %s, naming the variable and what it must be', (_name, value) => {
    expect(() => loadConfig({ WECHAT_OA_AES_KEY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ WECHAT_OA_AES_KEY: value })).toThrow(/WECHAT_OA_AES_KEY=.*43-character EncodingAESKey/);
  });

  it('takes a 43-character key', async () => {
    expect(loadConfig({ WECHAT_OA_AES_KEY: KEY }).WECHAT_OA_AES_KEY).toBe(KEY);
  });
});
