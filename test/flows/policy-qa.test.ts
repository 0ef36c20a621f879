import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnContext } from '../../src/core/form/types.js';
import type { Outcome } from '../../src/core/outcome.js';
import { answerMidForm, composeAnswer, policyFlow } from '../../src/flows/policy-qa.js';
import { buildKnowledge, emptyLexicon, type Lexicon } from '../../src/knowledge/index.js';
import type { Reply } from '../../src/model/reply.js';
import { createTestApp, type TestApp, textOf } from '../helpers/test-app.js';
import { topic } from '../knowledge/helpers.js';

const lexicon: Lexicon = {
  ...emptyLexicon,
  fillers: ['请问'],
  particles: ['吗'],
  stopwords: ['的', '吗', '怎么', '什么', '是', '多少', '有'],
};
const LONG_SOURCE = '江西省脱贫攻坚现场推进会讲话，2017年5月；新华社报道，2018年10月；吉安县公开报道，2017年；江西健康扶贫期刊文章，2019年';

const school = topic({
  id: 'school',
  title: '读小学初中的资助',
  aliases: ['义务教育', '营养餐'],
  source: '江西学生资助政策公开信息，近年; 政策事实库 T13',
  short: '读小学、初中免学杂费，免费发课本。家庭困难的住校生有生活补助。',
  details: '- 营养餐补助：农村学校的学生每人每天4元（2017年）。\n- 怎么申请补助：带上户口本找孩子的学校。',
  related: ['high'],
});
const high = topic({
  id: 'high',
  title: '读高中的资助',
  aliases: ['读高中', '高中助学金'],
  short: '读普通高中有国家助学金。',
  source: '政策事实库 T14',
});
const college = topic({ id: 'college', title: '读大学的资助', aliases: ['读大学', '大学助学金'], short: '读大学有助学金和助学贷款。' });
const health = topic({
  id: 'health',
  title: '看病报销',
  aliases: ['住院报销'],
  source: LONG_SOURCE,
  short: `${'贫困户住院报销比例高，各地口径不同。'.repeat(8)}`,
  details: `- 住院报销比例：${'脱贫攻坚期江西贫困人口住院费用报销比例在90%左右，过渡期逐步调整到正常水平。'.repeat(3)}`,
});
const knowledge = buildKnowledge([school, high, college, health], lexicon);
const flow = policyFlow({ knowledge: () => knowledge, contact: () => '请联系村委会，或打 12317。' });

const ctx = {
  identity: { kind: 'guest' },
  incoming: { channel: 'test', userId: 'u1', kind: 'text', receivedAt: new Date() },
  session: { id: 'test:u1', updatedAt: '', version: 0 },
  now: new Date(),
} as TurnContext;
const ask = async (text: string): Promise<Reply[]> => ((await flow.fallback?.(text, ctx)) as Outcome | undefined)?.replies ?? [];
const act = async (name: string, arg: string): Promise<Reply[]> => (await flow.actions?.[name]?.(ctx, arg))?.replies ?? [];
const ids = (reply: Reply | undefined) => reply?.choices?.map((c) => c.id) ?? [];
const size = (text: string) => Array.from(text).length;

describe('policy answers', () => {
  it('lead with the sentence holding the figure, then the topic and the source in words', async () => {
    const [first] = await ask('营养餐一天补几块');
    expect(first?.text.split('\n')).toEqual([
      '营养餐补助：农村学校的学生每人每天4元（2017年）。',
      school.short,
      '（出自：读小学初中的资助）',
      '来源：江西学生资助政策公开信息，近年',
    ]);
    expect(ids(first)).toEqual(['policy.detail:school', 'policy.topic:high', 'cmd:menu']);
  });

  it('lead with the steps for a how-to question', async () => {
    const [first] = await ask('补助怎么申请');
    expect(first?.text.split('\n')[0]).toBe('怎么申请补助：带上户口本找孩子的学校。');
    expect(first?.text.split('\n')[1]).toBe(school.short);
  });

  it("lead with the topic's short answer for a general question", async () => {
    const [first] = await ask('义务教育是什么');
    expect(first?.text.startsWith(school.short)).toBe(true);
  });

  it('offer the topic of a second question as a choice', async () => {
    const [first] = await ask('您好，请问营养餐一天补几块？另外读大学有什么资助？谢谢');
    expect(first?.text).toContain('4元');
    expect(ids(first)).toContain('policy.topic:college');
  });

  it('keep the first bubble within 200 characters, the answer before the source', async () => {
    const [first] = await ask('住院报销比例多少');
    expect(size(first?.text ?? '')).toBeLessThanOrEqual(200);
    expect(first?.text.startsWith('住院报销比例：')).toBe(true);
    expect(first?.text).toContain('（出自：看病报销）');
  });

  it('ask which topic was meant when several fit', async () => {
    const [first] = await ask('助学金');
    expect(first?.text).toBe('您想问的是哪一个？');
    expect(ids(first).sort()).toEqual(['cmd:menu', 'policy.topic:college', 'policy.topic:high']);
  });

  it('say honestly when nothing fits, with the human contact', async () => {
    const [first] = await ask('今天天气怎么样');
    expect(first?.text).toContain('答不上来');
    expect(first?.text).toContain('12317');
    expect(ids(first)).toEqual(['policy.start', 'cmd:menu']);
  });

  it('give the whole topic behind 看详细说明', async () => {
    const [detail] = await act('detail', 'school');
    expect(detail?.text).toContain('【读小学初中的资助】详细说明');
    expect(detail?.text).toContain(school.short);
    expect(detail?.text).toContain('带上户口本');
    expect(detail?.text).toContain('来源：江西学生资助政策公开信息，近年（2025-01-01 更新）');
  });

  it('answer a tapped topic with its short answer', async () => {
    const [first] = await act('topic', 'high');
    expect(first?.text.split('\n')).toEqual(['读普通高中有国家助学金。', '（出自：读高中的资助）']);
  });
});

describe('composeAnswer', () => {
  const piece = (text: string, from: 'short' | 'details' = 'short') => ({ topicId: 'college', from, text });

  it('keeps the first passage even when it is too long, adding others while they fit', () => {
    const sentence = '很长的一句话。'.repeat(30);
    expect(composeAnswer(college, [piece(sentence, 'details'), piece('第二句。')], 200)).toBe(`${sentence}\n（出自：读大学的资助）`);
  });

  it('runs short-answer sentences on and starts other passages on a new line', () => {
    const lead = [piece('要点：一句。', 'details'), piece('第二句。'), piece('第三句。')];
    expect(composeAnswer(college, lead, 200)).toBe('要点：一句。\n第二句。第三句。\n（出自：读大学的资助）\n来源：测试');
  });

  it('cuts a long source to its first document, then leaves it out', () => {
    const text = '答'.repeat(120);
    expect(composeAnswer(health, [piece(text, 'details')], 200)).toBe(
      `${text}\n（出自：看病报销）\n来源：江西省脱贫攻坚现场推进会讲话，2017年5月 等`,
    );
    expect(composeAnswer(health, [piece('答'.repeat(170), 'details')], 200)).not.toContain('来源');
  });
});

describe('answerMidForm', () => {
  it('answers a clear question in the same shape, shorter', () => {
    const replies = answerMidForm(knowledge, '营养餐一天补几块');
    expect(replies).toHaveLength(1);
    expect(replies?.[0]?.text.split('\n').slice(0, 2)).toEqual([
      '营养餐补助：农村学校的学生每人每天4元（2017年）。',
      '（出自：读小学初中的资助）',
    ]);
    expect(size(replies?.[0]?.text ?? '')).toBeLessThanOrEqual(140);
    const long = answerMidForm(knowledge, '住院报销比例多少')?.[0]?.text ?? '';
    expect(long).toContain('90%');
    expect(long).not.toContain('来源');
  });

  it('leaves answers to the form alone', () => {
    expect(answerMidForm(knowledge, '张三')).toBeUndefined();
  });
});

describe('policy replies with the real content', () => {
  let app: TestApp;
  beforeAll(async () => {
    // One user taps through every topic: more messages than a person sends in a minute.
    app = await createTestApp({ CHAT_RATE_PER_USER_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await app.dispose();
  });

  it('never show internal ids and keep the first bubble short, for every topic', async () => {
    for (const t of app.knowledge().topics()) {
      const answer = await app.chat('u1', { choice: `policy.topic:${t.id}` });
      const detail = await app.chat('u1', { choice: `policy.detail:${t.id}` });
      expect(textOf([...answer, ...detail]), t.id).not.toMatch(/T\d\d|政策事实库/);
      expect(size(answer[0]?.text ?? ''), t.id).toBeLessThanOrEqual(200);
    }
  });

  it('answers a messy long question through the chat API with the fact asked', async () => {
    const replies = await app.chat('u2', '你好！我是XX镇XX村的村民，孩子在读初中，想问一下學生營養餐一天補幾塊錢？谢谢🙏');
    expect(replies[0]?.text).toContain('4元');
    expect(replies[0]?.text).toContain('（出自：');
  });
});
