import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/knowledge/analyzer.js';
import { loadLexicon } from '../../src/knowledge/load.js';
import type { Segmenter } from '../../src/knowledge/segment.js';
import { contentDir } from './helpers.js';

describe('segment', () => {
  let segmenter: Segmenter;
  beforeAll(async () => {
    segmenter = createAnalyzer(await loadLexicon(contentDir)).segmenter;
  });

  it.each([
    ['我想申请小额信贷', '小额信贷'],
    ['建档立卡户有什么政策', '建档立卡户'],
    ['危房改造补助多少', '危房改造'],
    ['产业奖补怎么领', '产业奖补'],
    ['两不愁三保障是什么', '两不愁三保障'],
    ['住院可以先诊疗后付费吗', '先诊疗后付费'],
    ['易地搬迁有补助吗', '易地搬迁'],
    ['公益性岗位怎么申请', '公益性岗位'],
    ['光伏扶贫的收益', '光伏扶贫'],
  ])('keeps the domain word whole in %s', (text, word) => {
    expect(segmenter.cut(text)).toContain(word);
  });

  it('search mode also yields the words inside a domain word', async () => {
    expect(segmenter.cutForSearch('小额信贷')).toEqual(expect.arrayContaining(['小额', '信贷', '小额信贷']));
  });
});
