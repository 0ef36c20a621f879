import { describe, expect, it } from 'vitest';
import { greetingMatches } from '../../../adapters/wechat/friendship.js';
import { pointOfMapLink } from '../../../adapters/wechat/map-link.js';
import { officialMenu } from '../../../adapters/wechat/official-account/menu.js';
import { RecentKeys } from '../../../adapters/wechat/official-account/recent-keys.js';
import { renderReply } from '../../../adapters/wechat/render.js';
import { splitText, utf8Bytes } from '../../../adapters/wechat/split-text.js';
import { SendThrottle } from '../../../adapters/wechat/throttle.js';
import { conversationOf, groupUserId } from '../../../adapters/wechat/user-id.js';
import { reply } from '../../../src/model/reply.js';

describe('splitting long texts', () => {
  it('keeps a short reply whole, choices as numbered lines', () => {
    const parts = renderReply(
      reply('请选择：', [
        { id: 'a', label: '政策咨询' },
        { id: 'b', label: '反映问题' },
      ]),
      1500,
    );
    expect(parts).toEqual(['请选择：\n1. 政策咨询\n2. 反映问题\n（回复数字即可）']);
  });

  it('splits at line breaks, never beyond the limit, and loses nothing', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `第${i + 1}行：${'帮扶政策说明'.repeat(4)}`);
    const text = lines.join('\n');
    const parts = splitText(text, 1500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1500);
    expect(parts.join('\n')).toBe(text);
    for (const part of parts) expect(part.startsWith('第')).toBe(true);
  });

  it('cuts one overlong line after a sentence end', () => {
    const sentence = '这是一句话。';
    const parts = splitText(sentence.repeat(40), 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part.endsWith('。')).toBe(true);
    }
  });

  it('measures in UTF-8 bytes for the Official Account', () => {
    const parts = splitText('脱贫'.repeat(1000), 2000, utf8Bytes);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2000);
    expect(parts.join('')).toBe('脱贫'.repeat(1000));
  });
});

describe('the send throttle', () => {
  it.each([
    [0, 1500],
    [1, 4000],
    [0.5, 2750],
  ])('with random %s pauses %s ms before a message', (random, expected) => {
    expect(new SendThrottle({ minDelayMs: 1500, maxDelayMs: 4000, perMinute: 20 }, () => random).delayBefore(0)).toBe(expected);
  });

  it('waits out the rolling minute once the cap is reached', () => {
    const throttle = new SendThrottle({ minDelayMs: 1000, maxDelayMs: 1000, perMinute: 3 }, () => 0);
    for (const at of [0, 1000, 2000]) throttle.record(at);
    expect(throttle.delayBefore(3000)).toBe(57_000);
    expect(throttle.delayBefore(60_000)).toBe(1000);
  });
});

describe('WeChat odds and ends', () => {
  it.each([
    ['你好，我是红星村的', undefined, true],
    ['你好', '帮扶', false],
    ['想找 帮扶 助手', '帮扶', true],
    ['ＢＡＮＧＦＵ', 'bangfu', true],
  ])('a friend request saying %j with keyword %j is accepted: %s', (hello, keyword, expected) => {
    expect(greetingMatches(hello, keyword)).toBe(expected);
  });

  it.each([
    ['https://apis.map.qq.com/uri/v1/geocoder?coord=28.6829,115.8579&referer=x', { lat: 28.6829, lng: 115.8579 }],
    ['看这里 http://map.qq.com/?type=marker&center=27.1,114.9', { lat: 27.1, lng: 114.9 }],
    ['https://example.org/?coord=28,115', undefined],
    ['我家在红星村', undefined],
  ])('reads %s as %j', (text, point) => {
    expect(pointOfMapLink(text)).toEqual(point);
  });

  it('scopes a group member to the group, and sends their replies to the group', () => {
    const id = groupUserId('123@chatroom', 'wxid_abc');
    expect(conversationOf(id)).toBe('123@chatroom');
    expect(conversationOf('wxid_abc')).toBe('wxid_abc');
  });

  it('remembers keys for a while, to answer retried callbacks once', () => {
    const keys = new RecentKeys(1000, 2);
    expect(keys.seen('a', 0)).toBe(false);
    expect(keys.seen('a', 500)).toBe(true);
    expect(keys.seen('a', 1500)).toBe(false);
    keys.seen('b', 1600);
    keys.seen('c', 1700);
    expect(keys.seen('a', 1800)).toBe(false);
  });
});

describe('the Official Account custom menu', () => {
  const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `flow${i}.start`, label: `菜单项${i + 1}` }));

  it.each([1, 5, 6, 10])('lays out %s choices in at most 3 columns of 5, with 帮助 last', (n) => {
    const { button, left } = officialMenu(choices(n));
    expect(button.length).toBeLessThanOrEqual(3);
    for (const top of button) expect('sub_button' in top && top.sub_button.length).toBeLessThanOrEqual(5);
    expect(button.at(-1)?.name).toBe('帮助');
    expect(left).toEqual([]);
  });

  it('leaves out what does not fit and shortens names to WeChat byte limits', () => {
    const long = [...choices(11), { id: 'x.start', label: '一个非常非常非常非常长的菜单名字' }];
    const { button, left } = officialMenu(long);
    expect(left.map((c) => c.id)).toEqual(['flow10.start', 'x.start']);
    for (const top of button) {
      expect(Buffer.byteLength(top.name, 'utf8')).toBeLessThanOrEqual(16);
      if ('sub_button' in top) for (const sub of top.sub_button) expect(Buffer.byteLength(sub.name, 'utf8')).toBeLessThanOrEqual(40);
    }
  });
});
