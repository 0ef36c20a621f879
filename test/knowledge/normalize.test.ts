import { beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/knowledge/load.js';
import { createNormalizer, type Normalizer, simplify } from '../../src/knowledge/normalize.js';
import { contentDir } from './helpers.js';

describe('normalize', () => {
  let normalize: Normalizer;
  beforeAll(async () => {
    normalize = createNormalizer(await loadLexicon(contentDir));
  });

  it.each([
    ['请问低保怎么申请？', '低保怎么申请'],
    ['我想问一下，养老保险！！', '养老保险'],
    ['想问一下雨露计划呢', '雨露计划'],
    ['１２３１７能打吗', '12317能打'],
    ['ＷＩＦＩ密码　是多少', 'wifi密码 是多少'],
    ['貸款5萬要擔保嗎', '贷款5万要担保'],
    ['醫療費報銷多少', '医疗费报销多少'],
    ['屋里冇钱看病咋个办', '家里没有钱看病'],
    ['伢子读高中有么子补助', '孩子读高中有什么补助'],
    ['细伢子上幼儿园', '孩子上幼儿园'],
    ['崽读小学', '孩子读小学'],
    ['你好，请问，危房改造啊', '危房改造'],
    ['今天吃什么', '今天吃什么'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('keeps 么 inside 什么 and 怎么 when converting Traditional characters', async () => {
    expect(simplify('有么子补贴 什麼 怎麼')).toBe('有么子补贴 什么 怎么');
  });
});
