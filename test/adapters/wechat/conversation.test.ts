import { readFile } from 'node:fs/promises';
import { FileBox } from 'file-box';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { createHasher } from '../../../src/privacy/keyed-hash.js';
import { demoLogin, seedDemo } from '../../../src/registry/demo.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { listenToRoom, startWeChatTest, type WeChatTest, type WeChatTestOptions, waitFor } from './harness.js';

const HASH_KEY = 'wechat-test-key-0123456789abcdef0123456789';
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ WECHATY_PUPPET: 'wechaty-puppet-mock', ID_HASH_KEY: HASH_KEY });
  await seedDemo(app.store, createHasher(HASH_KEY), app.config.CONTENT_DIR);
});
afterAll(async () => app.dispose());

const tests: WeChatTest[] = [];
async function wechat(options: WeChatTestOptions = {}): Promise<WeChatTest> {
  const t = await startWeChatTest({ app, ...options });
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

/** The number in front of a choice label in a numbered reply. */
function numberOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => l.endsWith(`. ${label}`));
  if (!line) throw new Error(`No choice "${label}" in:\n${text}`);
  return line.split('.')[0] ?? '';
}

describe('WeChat personal account: conversations', () => {
  it('a contact says hello and gets the menu as numbered lines', async () => {
    const t = await wechat();
    const zhang = t.contact('王小明');
    const menu = await t.say(zhang, '你好', /回复数字/);
    expect(menu.text).toMatch(/^1\. 政策咨询$/m);
    expect(menu.text).toMatch(/（回复数字即可）$/);
    expect(t.seen).toEqual([expect.objectContaining({ channel: 'wechat', userId: zhang.id, kind: 'text', text: '你好' })]);
  });

  it('a household verifies and reads its status, choosing by number throughout', async () => {
    const t = await wechat();
    const login = await demoLogin(app.config.CONTENT_DIR);
    const user = t.contact('张家儿子');
    const menu = await t.say(user, '菜单', /选择您要办的事/);
    await t.say(user, numberOf(menu.text, '查询我家帮扶情况'), /请输入户主/);
    await t.say(user, login.name, /最后 6 位/);
    const status = await t.say(user, login.idTail, /核对成功/);
    expect(status.text).toContain(`【${login.name}家】`);
    expect(status.text).not.toContain(login.idTail);
    const records = await t.say(user, numberOf(status.text, '详细发放记录'), /发放记录（共 \d+ 条/);
    expect(records.text).toMatch(/\d+\. 联系帮扶干部/);
    expect(await t.app.store.bindings.get('wechat', user.id)).toMatchObject({ kind: 'household', targetId: login.householdId });
    // The bot's own replies come back as messages too; none of them reached the core.
    expect(t.seen.every((i) => i.userId === user.id)).toBe(true);
    expect(t.seen).toHaveLength(5);
  });

  it('ignores messages from official accounts', async () => {
    const t = await wechat();
    const official = t.mocker.createContact({ name: '某某服务号', type: types.Contact.Official });
    official.say('您的账单已出').to(t.self);
    const user = t.contact('李秀英');
    await t.say(user, '你好', /回复数字/);
    expect(t.seen.map((i) => i.userId)).toEqual([user.id]);
  });

  it('reads a shared map link as a location', async () => {
    const t = await wechat();
    const user = t.contact('刘春花');
    await t.say(user, 'https://apis.map.qq.com/uri/v1/geocoder?coord=28.6829,115.8579&referer=wx', /./);
    expect(t.seen[0]).toMatchObject({ kind: 'location', location: { lat: 28.6829, lng: 115.8579 } });
  });

  it('passes a location message on with its coordinates and place name', async () => {
    const t = await wechat();
    const user = t.contact('陈小兵');
    const message = t.mocker.MessageMock.create({
      id: 'location-1',
      talkerId: user.id,
      listenerId: t.self.id,
      timestamp: Date.now(),
      type: types.Message.Location,
    });
    t.puppet.emit('message', { messageId: message.id });
    await waitFor(() => t.seen[0]);
    expect(t.seen[0]).toMatchObject({
      kind: 'location',
      location: { lat: expect.any(Number), lng: expect.any(Number), label: expect.stringContaining('东升乡') },
    });
  });

  it('saves an image under DATA_DIR/uploads/wechat and passes it as an attachment', async () => {
    const t = await wechat();
    const user = t.contact('赵大妈');
    user.say(FileBox.fromBase64(PNG, 'photo.png')).to(t.self);
    await waitFor(() => t.seen[0]);
    const incoming = t.seen[0];
    expect(incoming).toMatchObject({ kind: 'image', attachment: { mime: 'image/png', path: expect.stringContaining('/uploads/wechat/') } });
    expect((await readFile(incoming?.attachment?.path ?? '')).equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });
});

describe('WeChat personal account: groups', () => {
  async function group(t: WeChatTest) {
    const member = t.contact('村民老周');
    const room = t.mocker.createRoom({ topic: '红星村群', memberIdList: [t.self.id, member.id] });
    listenToRoom(t, room);
    return { member, room };
  }

  it('ignores a group message that does not mention the bot, and answers one that does (mention stripped)', async () => {
    const t = await wechat();
    const { member, room } = await group(t);
    member.say('大家好').to(room);
    member.say('@帮扶助手\u2005菜单', [t.self]).to(room);
    const reply = await waitFor(() => t.sentTo(room.id)[0]);
    expect(reply.text).toMatch(/^@村民老周\u2005请回复数字/);
    expect(t.seen).toEqual([expect.objectContaining({ kind: 'text', text: '菜单', userId: `group|${room.id}|${member.id}` })]);
  });

  it('with WECHAT_GROUP_MENTION_ONLY off, answers every group message', async () => {
    const t = await wechat({ config: { WECHAT_GROUP_MENTION_ONLY: false } });
    const { member, room } = await group(t);
    member.say('菜单').to(room);
    await waitFor(() => t.sentTo(room.id)[0]);
    expect(t.seen).toEqual([expect.objectContaining({ text: '菜单' })]);
  });
});
