import { describe, expect, it } from 'vitest';
import { buildKnowledge, emptyLexicon, type Lexicon } from '../../src/knowledge/index.js';
import { createOutOfDomainTest, parseOutOfDomain } from '../../src/knowledge/out-of-domain.js';
import { topic } from './helpers.js';

const ood = parseOutOfDomain(
  'words:\n  天气: [天气, 下雨]\n  金融: [转账, 房贷]\npairs:\n  - [[猪, 羊], [生病, 咳嗽]]\n',
  'out-of-domain.yaml',
);

describe('out-of-domain evidence', () => {
  const test = createOutOfDomainTest(ood);
  const nothing = () => false;

  it('finds single words and pairs standing close together', () => {
    expect(test('明天下雨不', nothing)).toEqual(['下雨']);
    expect(test('家里的羊一直咳嗽', nothing)).toEqual(['羊一直咳嗽']);
    expect(test('养羊的补助有多少，老伴生病住院了', nothing)).toEqual([]);
  });

  it('ignores a word the topic itself speaks of', () => {
    expect(test('村里能转账吗', (w) => w === '转账')).toEqual([]);
  });

  it('makes the Q&A refuse an everyday question unless a telling domain word names the topic', () => {
    const lexicon: Lexicon = {
      ...emptyLexicon,
      terms: ['小额信贷', '危房改造'],
      stopwords: ['的', '吗', '多少', '怎么'],
      outOfDomain: ood,
    };
    const knowledge = buildKnowledge(
      [
        topic({ id: 'loan', title: '小额信贷', aliases: ['贷款利率'], short: '小额信贷5万元以下，按基准利率放贷，财政贴息。' }),
        topic({ id: 'housing', title: '危房改造', aliases: ['房子漏雨'], short: '下雨漏水的危房可以申请危房改造。' }),
      ],
      lexicon,
    );
    expect(knowledge.ask('房贷利率多少').kind).toBe('unknown');
    expect(knowledge.ask('小额信贷利率多少').kind).toBe('answer');
    expect(knowledge.ask('下雨房子漏了 危房改造怎么申请').kind).toBe('answer');
  });
});
