import { describe, expect, it } from 'vitest';
import { charGrams, wordGrams } from '../../src/knowledge/char-grams.js';
import { buildKnowledge, defaultTuning, emptyLexicon } from '../../src/knowledge/index.js';
import { createSubwordIndex, type SubwordDoc } from '../../src/knowledge/subword.js';
import { topic } from './helpers.js';

describe('charGrams', () => {
  it('takes every 1-, 2- and 3-gram inside runs of letters and digits, never across punctuation', () => {
    expect(charGrams('低保金')).toEqual(['低', '低保', '低保金', '保', '保金', '金']);
    expect(charGrams('路，桥')).toEqual(['路', '桥']);
  });

  it('gives a word its n-grams and its pairs one character apart', () => {
    const grams = wordGrams('修村路');
    expect(grams.map((g) => g.gram)).toEqual(['修', '修村', '修村路', '修路', '村', '村路', '路']);
    expect(grams.find((g) => g.gram === '修路')).toEqual({ gram: '修路', chars: [0, 2], skip: true });
  });
});

const doc = (title: string, short: string): SubwordDoc => ({ title, aliases: '', short, details: '', passages: [short] });

describe('createSubwordIndex', () => {
  const index = createSubwordIndex(
    [doc('基础设施', '修路、通电、通网。'), doc('低保', '低保按月发放。'), doc('残疾人补贴', '残疾人每月补贴。')],
    (word) => word,
    () => 10,
    defaultTuning.subword,
  );
  const group = (word: string) => ({ word, weight: 1, alternatives: [] });

  it('finds a topic by a part of a word it does not use (修村路 ~ 修路)', () => {
    const found = index.match([group('修村路')]);
    expect([...found.keys()]).toEqual([0]);
    expect(found.get(0)?.strong).toBe(true);
  });

  it('credits a rare single character only in part (残废 ~ 残疾)', () => {
    const found = index.match([group('残废')]);
    const match = found.get(2);
    expect(match?.strong).toBe(false);
    expect(match?.explained).toBeGreaterThan(0);
    expect(match?.explained).toBeLessThan(10);
  });

  it('names a topic in its head only by two characters or a rare one', () => {
    expect(index.headed(0, [group('修村路')])).toBe(true);
    expect(index.headed(1, [group('修村路')])).toBe(false);
  });
});

describe('the sub-word signal in answers', () => {
  const knowledge = buildKnowledge(
    [
      topic({ id: 'roads', title: '基础设施', aliases: ['修路'], short: '村里的路烂了，修路的钱由县里出。' }),
      topic({ id: 'reward', title: '产业奖补', aliases: ['以奖代补'], short: '先把种养搞起来，再给奖励补助。' }),
    ],
    { ...emptyLexicon, stopwords: ['的', '是', '哪里', '什么', '意思'] },
  );

  it('answers a question whose unknown word the segmenter broke into single characters', () => {
    const result = knowledge.ask('修村路的钱哪里出');
    expect(result.kind === 'answer' && result.topic.id).toBe('roads');
  });

  it('still refuses a question no part of which is ours', () => {
    expect(knowledge.ask('明天会下雨吗').kind).toBe('unknown');
  });
});

describe('concept groups', () => {
  const topics = [
    topic({ id: 'loans', title: '小额信贷', short: '缺资金发展生产的，可以申请小额信贷。' }),
    topic({ id: 'schools', title: '学前教育资助', short: '幼儿园的孩子有资助。' }),
  ];
  const stopwords = ['的', '不够', '怎么办'];

  it('read an everyday word no topic uses as its official term (本金 → 资金)', () => {
    const plain = buildKnowledge(topics, { ...emptyLexicon, stopwords });
    const withConcepts = buildKnowledge(topics, { ...emptyLexicon, stopwords, concepts: { 资金: ['本金'] } });
    expect(plain.ask('本金不够怎么办').kind).toBe('unknown');
    const result = withConcepts.ask('本金不够怎么办');
    expect(result.kind === 'answer' && result.topic.id).toBe('loans');
  });
});
