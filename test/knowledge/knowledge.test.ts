import { describe, expect, it } from 'vitest';
import { buildKnowledge, defaultTuning, emptyLexicon, type Lexicon } from '../../src/knowledge/index.js';
import { topic } from './helpers.js';

const lexicon: Lexicon = {
  ...emptyLexicon,
  replace: { 冇: '没有', 伢子: '孩子' },
  expand: { 看病: ['医疗', '报销'] },
  terms: ['小额信贷', '危房改造', '助学金'],
  fillers: ['请问'],
  particles: ['吗', '呢'],
  stopwords: ['怎么', '什么', '有', '没有', '的', '吗', '多少', '是'],
};

const topics = [
  topic({ id: 'microcredit', title: '小额信贷', aliases: ['扶贫贷款'], short: '小额信贷5万元以下免抵押。', related: ['finance'] }),
  topic({ id: 'finance', title: '产业保险', aliases: ['农业保险'], short: '种养殖可以买产业保险，保费有补贴。' }),
  topic({ id: 'housing', title: '危房改造', aliases: ['房子漏雨'], short: '住危房的可以申请危房改造补助。' }),
  topic({ id: 'health', title: '医疗报销', aliases: ['住院报销'], short: '贫困户住院医疗费用报销比例高。' }),
  topic({ id: 'school-high', title: '高中助学金', aliases: ['读高中'], short: '孩子读高中有国家助学金。' }),
  topic({ id: 'school-college', title: '大学助学金', aliases: ['读大学'], short: '孩子读大学有助学金和助学贷款。' }),
];

describe('buildKnowledge', () => {
  const knowledge = buildKnowledge(topics, lexicon);

  it('answers a clear question with the topic and its related topics', () => {
    const result = knowledge.ask('请问小额信贷怎么申请？');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(result.topic.id).toBe('microcredit');
    expect(result.related.map((t) => t.id)).toEqual(['finance']);
    expect(result.score).toBeGreaterThan(0);
  });

  it('uses synonyms and dialect words from the lexicon', () => {
    const result = knowledge.ask('看病冇报销吗');
    expect(result.kind === 'answer' && result.topic.id).toBe('health');
  });

  it('asks which topic was meant when two are equally close', () => {
    const result = knowledge.ask('助学金');
    expect(result.kind).toBe('clarify');
    if (result.kind !== 'clarify') return;
    expect(result.candidates.map((t) => t.id).sort()).toEqual(['school-college', 'school-high']);
  });

  it.each(['今天天气怎么样', '手机怎么充值', '彩票', '', '5', '5万'])('does not know %j', (question) => {
    expect(knowledge.ask(question)).toEqual({ kind: 'unknown' });
  });

  it('looks up topics by id', () => {
    expect(knowledge.topic('housing')?.title).toBe('危房改造');
    expect(knowledge.topic('nope')).toBeUndefined();
    expect(knowledge.topics().map((t) => t.id)).toEqual(topics.map((t) => t.id));
  });

  it.each([
    ['低保怎么申请', true],
    ['这个要交多少钱？', true],
    ['伢子读高中有补助吗', true],
    ['小额信贷', true],
    ['张三', false],
    ['13800138000', false],
    ['是', false],
    ['种了三亩水稻', false],
  ])('looksLikeQuestion(%j) is %s', (text, expected) => {
    expect(knowledge.looksLikeQuestion(text)).toBe(expected);
  });

  it('rejects duplicate topic ids', () => {
    expect(() =>
      buildKnowledge(
        [topics[0], topics[0]].flatMap((t) => t ?? []),
        lexicon,
      ),
    ).toThrow(/Duplicate policy topic id "microcredit"/);
  });
});

describe('answers at the level of the passage', () => {
  const school = topic({
    id: 'school',
    title: '读小学初中的资助',
    aliases: ['义务教育', '营养餐'],
    short: '读小学、初中免学杂费，免费发课本。家庭困难的住校生有生活补助。',
    details: [
      '- 营养餐补助：农村学校的学生每人每天4元。',
      '- 住校生生活补助：小学每年1000元，初中每年1250元。',
      '- 怎么申请补助：带上户口本找孩子的学校，学校报教育局审核。',
    ].join('\n'),
    related: ['forest'],
  });
  const forest = topic({
    id: 'forest',
    title: '生态护林员',
    aliases: ['护林员'],
    short: '困难户可以当生态护林员，看山护林，按月拿工资。',
    details: ['- 护林员工资：各县不同，比如上栗县2017年每月700元。', '- 怎么当护林员：村里推荐、乡镇审核。'].join('\n'),
  });
  const jobs = topic({
    id: 'jobs',
    title: '公益性岗位',
    aliases: ['公益岗'],
    short: '公益性岗位给出不了远门的劳动力，比如保洁、护路。',
    details: '- 工资：各地不同，请问乡镇。',
  });
  const knowledge = buildKnowledge([school, forest, jobs], lexicon);
  const lead = (question: string): string[] => {
    const result = knowledge.ask(question);
    return result.kind === 'answer' ? result.passages.map((p) => p.text) : [result.kind];
  };

  it.each([
    ['营养餐一天补几块', 'school', '每人每天4元'],
    ['住校生一年补多少钱', 'school', '小学每年1000元'],
    ['补助怎么申请', 'school', '带上户口本'],
    ['护林员一个月多少钱', 'forest', '每月700元'],
    ['护林员怎么当', 'forest', '村里推荐'],
  ])('%j finds topic %s and leads with the passage holding %j', (question, id, fact) => {
    const result = knowledge.ask(question);
    expect(result.kind === 'answer' && result.topic.id).toBe(id);
    expect(lead(question)[0]).toContain(fact);
  });

  it('leads with the short answer when the question only names the topic', () => {
    expect(lead('读小学初中的资助是什么').join('')).toBe(school.short);
    expect(lead('营养餐一天补几块').join('')).not.toBe(school.short);
  });

  it('answers the main question of a long message and offers the other one', () => {
    const result = knowledge.ask('您好！我是石桥镇青山村的村民，请问营养餐一天补几块？另外护林员怎么当？谢谢');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(result.topic.id).toBe('school');
    expect(result.passages[0]?.text).toContain('4元');
    expect(result.others.map((t) => t.id)).toEqual(['forest']);
  });

  it('answers further questions about the same topic in the same reply', () => {
    const loans = topic({
      id: 'loans',
      title: '小额信贷',
      short: '小额信贷帮有劳动力的户发展生产。',
      details: ['- 额度：5万元以下。', '- 要不要抵押：不要抵押。', '- 利息谁出：财政贴息。', '- 例子：有人贷款养牛。'].join('\n'),
    });
    const result = buildKnowledge([loans, jobs], lexicon).ask('您好！小额信贷额度多少？另外要不要抵押？谢谢');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(
      result.passages
        .map((p) => p.text)
        .slice(0, 2)
        .sort(),
    ).toEqual(['额度：5万元以下。', '要不要抵押：不要抵押。'].sort());
    expect(result.others).toEqual([]);
  });

  it('keeps the topic a question names with a telling word, whatever the story before it is about', () => {
    const result = knowledge.ask('我在镇上扫大街，做保洁，一个月工资不高，想问护林员怎么当？');
    expect(result.kind === 'answer' && result.topic.id).toBe('forest');
  });

  it('ranks a topic up when one of its passages holds the question words together', () => {
    const pigs = topic({
      id: 'pigs',
      title: '养猪扶持',
      short: '有扶持。',
      details: '- 养猪奖补：每头猪补100元。\n- 种茶：有技术指导。',
    });
    const loans = topic({
      id: 'loans',
      title: '养猪贷款',
      short: '可以贷款。',
      details: '- 养猪：可以贷款买猪仔。\n- 奖补：按时还款有奖补。',
    });
    const question = '养猪奖补';
    const withPassages = buildKnowledge([pigs, loans], lexicon).ask(question);
    const topicsOnly = buildKnowledge([pigs, loans], lexicon, { ...defaultTuning, passageWeight: 0 }).ask(question);
    expect(topicsOnly.kind).toBe('clarify');
    expect(withPassages.kind === 'answer' && withPassages.topic.id).toBe('pigs');
  });

  it('does not answer from a word found only deep in a topic', () => {
    const loans = topic({
      id: 'loans',
      title: '小额信贷',
      short: '5万元以下免抵押。',
      details: '- 用途：只能发展生产，不能用来结婚、建房。',
    });
    const only = buildKnowledge([loans, jobs], lexicon);
    expect(only.ask('结婚证去哪里办')).toEqual({ kind: 'unknown' });
    expect(only.ask('小额信贷能用来结婚吗').kind).toBe('answer');
  });

  it.each(['今天天气怎么样', '彩票中奖了怎么领', '谢谢你'])('still does not know %j', (question) => {
    expect(knowledge.ask(question)).toEqual({ kind: 'unknown' });
  });
});
