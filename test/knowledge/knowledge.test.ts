import { describe, expect, it } from 'vitest';
import { buildKnowledge, emptyLexicon, type Lexicon } from '../../src/knowledge/index.js';
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
