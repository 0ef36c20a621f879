import { describe, expect, it } from 'vitest';
import { sentences, topicPassages } from '../../src/knowledge/passages.js';
import { topic } from './helpers.js';

describe('sentences', () => {
  it.each([
    ['低保是基本生活钱。想申请先找村委会。', ['低保是基本生活钱。', '想申请先找村委会。']],
    ['能报多少？看病种。', ['能报多少？看病种。']],
    ['好。贫困户住院报销比例不低于90%。', ['好。贫困户住院报销比例不低于90%。']],
    ['没有句号的一句话', ['没有句号的一句话']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('topicPassages', () => {
  it('gives the short answer sentence by sentence, then each bullet and paragraph of the details with its label', () => {
    const details = [
      '### 标准',
      '- 营养餐：每个学生每天4元（2017年）。',
      '- 住校生补助：小学每年1000元，',
      '  初中每年1250元。',
      '1. 申请：找学校。',
      '',
      '不清楚的问学校。',
    ].join('\n');
    const passages = topicPassages(topic({ id: 'school', title: '义务教育', short: '免学杂费。住校生有补助。', details }));
    expect(passages).toEqual([
      { topicId: 'school', from: 'short', text: '免学杂费。住校生有补助。' },
      { topicId: 'school', from: 'details', text: '营养餐：每个学生每天4元（2017年）。', heading: '营养餐' },
      { topicId: 'school', from: 'details', text: '住校生补助：小学每年1000元，初中每年1250元。', heading: '住校生补助' },
      { topicId: 'school', from: 'details', text: '申请：找学校。', heading: '申请' },
      { topicId: 'school', from: 'details', text: '不清楚的问学校。' },
    ]);
  });
});
