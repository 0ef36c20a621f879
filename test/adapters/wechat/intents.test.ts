import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { startWeChatTest, type WeChatTest, waitFor } from './harness.js';

// Free text reaches the right service through a WeChat personal account (wechaty-puppet-mock): offers
// arrive as numbered lines, and the number picks.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ WECHATY_PUPPET: 'wechaty-puppet-mock' });
});
afterAll(async () => app.dispose());

const tests: WeChatTest[] = [];
async function wechat(): Promise<WeChatTest> {
  const t = await startWeChatTest({ app });
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

describe('intents through WeChat', () => {
  it('hardship: 老汉住院了 is offered 申请帮扶 as a numbered line; its number starts the form', async () => {
    const t = await wechat();
    const villager = t.contact('李大娘');
    const offer = await t.say(villager, '老汉住院了 屋里没得钱了', /现在申请吗/);
    expect(offer.text).toMatch(/^1\. 申请帮扶$/m);
    await t.say(villager, numberOf(offer.text, '申请帮扶'), /家里遇到了什么困难/);
    expect((await app.store.sessions.getSession(`wechat:${villager.id}`))?.form?.formId).toBe('hardship');
  });

  it('grievance: 优亲厚友 is offered 反映问题; its number starts the complaint form', async () => {
    const t = await wechat();
    const villager = t.contact('王大哥');
    const offer = await t.say(villager, '我们村评低保优亲厚友', /现在反映吗/);
    await t.say(villager, numberOf(offer.text, '反映问题'), /您要反映哪方面的问题/);
  });

  it('small talk: 早上好啊 and 在吗 老乡问个事 get a short line and the numbered menu', async () => {
    const t = await wechat();
    const villager = t.contact('赵大爷');
    const morning = await t.say(villager, '早上好啊', /您好/);
    expect(morning.text).toMatch(/^\d+\. 政策咨询$/m);
    const ask = await t.say(villager, '在吗 老乡问个事', /您请说/);
    expect(ask.text).not.toMatch(/答不上来|没太明白/);
    expect(ask.text).toMatch(/^\d+\. 反映问题$/m);
  });

  it('own status: a guest asking 我家现在算么子户 is offered verification; its number starts it', async () => {
    const t = await wechat();
    const villager = t.contact('孙大姐');
    const offer = await t.say(villager, '我家现在算么子户', /现在查吗/);
    await t.say(villager, numberOf(offer.text, '查询我家帮扶情况'), /请输入户主/);
  });

  it('step help mid-form: 哪天的事想不起来了 gets help and another way, then the same question again', async () => {
    const t = await wechat();
    const villager = t.contact('周大叔');
    await t.say(villager, '申请帮扶', /家里遇到了什么困难/);
    await t.say(villager, '1', /是什么时候发生的/);
    const mark = t.sentTo(villager.id).length;
    await t.say(villager, '哪天的事想不起来了', /村委会|帮扶干部|家里人/);
    await waitFor(() =>
      t
        .sentTo(villager.id)
        .slice(mark)
        .some((m) => m.text.includes('接着填') && m.text.includes('是什么时候发生的')),
    );
    expect((await app.store.sessions.getSession(`wechat:${villager.id}`))?.form?.answers.eventDate).toBeUndefined();
  });
});
