import { describe, expect, it } from 'vitest';
import { buildKnowledge, emptyLexicon } from '../../src/knowledge/index.js';
import { createCorrector, fuzzySyllable, syllables } from '../../src/knowledge/pinyin.js';
import { topic } from './helpers.js';

describe('pinyin', () => {
  it('gives toneless syllables per character', async () => {
    expect(syllables('小额信代')).toEqual(['xiao', 'e', 'xin', 'dai']);
    expect(syllables('低宝')).toEqual(syllables('低保'));
  });

  it.each([
    ['zhao', 'zao'],
    ['chou', 'cou'],
    ['shi', 'si'],
    ['nan', 'lan'],
    ['fang', 'fan'],
    ['sheng', 'sen'],
    ['ping', 'pin'],
    ['zhuang', 'zuan'],
    ['ng', 'ng'],
    ['long', 'long'],
  ])('folds %s to %s', (syllable, folded) => {
    expect(fuzzySyllable(syllable)).toBe(folded);
  });

  const words = ['小额信贷', '低保', '危房改造', '养老保险', '雨露计划', '先诊疗后付费', '公益性岗位', '扶贫'];
  const correct = createCorrector(words, (span) => span === '保险');

  it.each([
    ['小额信代怎么申请', '小额信贷怎么申请'],
    ['低宝一个月多少钱', '低保一个月多少钱'],
    ['危房改照补助多少', '危房改造补助多少'],
    ['养老保显一年交多少', '养老保险一年交多少'],
    ['雨路计划', '雨露计划'],
    ['先真疗后付费', '先诊疗后付费'],
    ['公益姓岗位', '公益性岗位'],
    ['扶平', '扶贫'],
  ])('repairs the homophone typo in %s', (typed, fixed) => {
    expect(correct(typed)).toBe(fixed);
  });

  it.each(['今天天气怎么样', '地宝', '保险公司', '12317'])('leaves %s alone', (text) => {
    expect(correct(text)).toBe(text);
  });

  it('lets a misspelt question reach the topic even when no alias lists the typo', async () => {
    const knowledge = buildKnowledge(
      [
        topic({ id: 'microcredit', title: '扶贫小额信贷', short: '小额信贷5万元以下、免抵押免担保。' }),
        topic({ id: 'dibao', title: '低保', short: '低保是给生活困难家庭的基本生活钱。' }),
        topic({ id: 'housing', title: '危房改造', short: '住在危房里的可以申请危房改造补助。' }),
        topic({ id: 'pension', title: '养老保险', short: '城乡居民养老保险，困难群众由政府代缴。' }),
      ],
      { ...emptyLexicon, terms: ['小额信贷', '危房改造', '养老保险'] },
    );
    const idOf = (q: string) => {
      const r = knowledge.ask(q);
      return r.kind === 'answer' ? r.topic.id : r.kind;
    };
    expect(idOf('小额信代')).toBe('microcredit');
    expect(idOf('低宝')).toBe('dibao');
    expect(idOf('危房改照')).toBe('housing');
    expect(idOf('养老保显')).toBe('pension');
  });
});
