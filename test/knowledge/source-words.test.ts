import { describe, expect, it } from 'vitest';
import { firstSource, sourceInWords } from '../../src/knowledge/source-words.js';

describe('sourceInWords', () => {
  it.each([
    ['江西省脱贫攻坚现场推进会讲话，2017年5月；国家医保局文件，2021年', '江西省脱贫攻坚现场推进会讲话，2017年5月；国家医保局文件，2021年'],
    ['江西省脱贫攻坚现场推进会讲话(2017-05-10); 政策事实库 T17、T25', '江西省脱贫攻坚现场推进会讲话，2017年5月'],
    ['政策事实库 T13、T01（江西公开网页，近年口径）', '江西公开网页，近年口径'],
    ['政策事实库 T02（F02.5，外地做法）', '外地做法'],
    ['政策事实库 T18、T07', ''],
    ['新华社报道，2018年；T09', '新华社报道，2018年'],
  ])('%j → %j', (source, words) => {
    const out = sourceInWords(source);
    expect(out).toBe(words);
    expect(out).not.toMatch(/T\d\d|政策事实库/);
  });

  it('shortens a list of documents to the first', async () => {
    expect(firstSource('讲话，2017年5月；新华社报道，2018年')).toBe('讲话，2017年5月 等');
    expect(firstSource('讲话，2017年5月')).toBe('讲话，2017年5月');
  });
});
