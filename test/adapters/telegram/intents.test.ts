import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAs, seedPeople } from '../../intent/fixtures.js';
import { startTelegramTest, type TelegramTest } from './harness.js';

// Free text reaches the right service through Telegram: the core's offers arrive as inline buttons.

let t: TelegramTest;
beforeAll(async () => {
  t = await startTelegramTest();
  await seedPeople(t.app);
});
afterAll(async () => t.dispose());

const labels = (message: { reply_markup?: { inline_keyboard: { text: string }[][] } }) =>
  message.reply_markup?.inline_keyboard.flat().map((b) => b.text.replace(/^\d+\.\s/, '')) ?? [];

describe('intents through Telegram', () => {
  it('hardship: a story of a flood is offered 申请帮扶 as buttons; pressing it starts the form', async () => {
    const offer = await t.say(3001, '屋里遭水淹了', /现在申请吗/);
    expect(labels(offer)).toEqual(['申请帮扶', '找人帮忙', '不用了']);
    await t.press(3001, '申请帮扶', /家里遇到了什么困难/);
    expect((await t.app.store.sessions.getSession('telegram:3001'))?.form?.formId).toBe('hardship');
  });

  it('grievance: 克扣 is offered 反映问题; pressing it starts the complaint form', async () => {
    const offer = await t.say(3002, '上面发的产业补贴被村里克扣了', /现在反映吗/);
    expect(labels(offer)).toContain('反映问题');
    await t.press(3002, '反映问题', /您要反映哪方面的问题/);
  });

  it('small talk: 谢谢你哈 gets a short line with the menu buttons', async () => {
    const reply = await t.say(3003, '谢谢你哈', /不客气/);
    expect(labels(reply)).toEqual(expect.arrayContaining(['政策咨询', '反映问题', '申请帮扶（遇到困难）']));
    expect(reply.text).not.toMatch(/答不上来|没太明白/);
  });

  it("own status: a bound household's 俺家的补贴到账冇 shows its status card", async () => {
    await bindAs(t.app, 'telegram:3004', 'household');
    const status = await t.say(3004, '俺家的补贴到账冇', /【张大山家】/);
    expect(status.text).toContain('蓝卡');
  });

  it("cadre work: a bound cadre's 刚从张大山家出来 opens the visit form", async () => {
    await bindAs(t.app, 'telegram:3005', 'cadre');
    await t.say(3005, '刚从张大山家出来 记一笔', /走访/);
    expect((await t.app.store.sessions.getSession('telegram:3005'))?.form?.formId).toBe('visit');
  });

  it('step help mid-form: 身份证在我儿子手上 gets another way, then the same step again', async () => {
    await t.say(3006, '查询我家帮扶情况', /请输入户主/);
    await t.say(3006, '张大山', /身份证号的最后 6 位/);
    const before = (await t.app.store.sessions.getSession('telegram:3006'))?.form;
    const help = await t.say(3006, '身份证在我儿子手上', /村委会|帮扶干部/);
    expect(help.text).not.toMatch(/答不上来/);
    await t.say(3006, '身份证在我儿子手上', /身份证号的最后 6 位/);
    expect((await t.app.store.sessions.getSession('telegram:3006'))?.form?.step).toBe(before?.step);
  });
});
