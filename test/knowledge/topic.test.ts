import { describe, expect, it } from 'vitest';
import { parseTopic, TopicFormatError } from '../../src/knowledge/index.js';

const good = `---
id: dibao
title: 低保
aliases: [低保, 低宝]
category: 兜底
source: "政策事实库 T17"
updated: 2025-03-01
related: [tekun]
---
低保是政府给生活困难家庭的基本生活钱。

## 详细说明
- 申请先到村委会。
`;

describe('parseTopic', () => {
  it('reads front-matter, short answer and details', async () => {
    expect(parseTopic(good, 'dibao.md')).toEqual({
      id: 'dibao',
      title: '低保',
      aliases: ['低保', '低宝'],
      category: '兜底',
      source: '政策事实库 T17',
      updated: '2025-03-01',
      related: ['tekun'],
      short: '低保是政府给生活困难家庭的基本生活钱。',
      details: '- 申请先到村委会。',
    });
  });

  it('keeps an unquoted numeric alias as text', async () => {
    const text = good.replace('aliases: [低保, 低宝]', 'aliases: [12317, 低宝]');
    expect(parseTopic(text, 'dibao.md').aliases).toEqual(['12317', '低宝']);
  });

  it.each([
    ['no front-matter', '低保是……', /dibao\.md: missing YAML front-matter/],
    ['invalid YAML', '---\nid: [oops\n---\n短答', /dibao\.md: front-matter is not valid YAML/],
    ['missing title', '---\nid: dibao\ncategory: 兜底\nupdated: "2025"\n---\n短答', /dibao\.md: bad front-matter \(title:/],
    [
      'bad id',
      '---\nid: Di Bao\ntitle: 低保\ncategory: 兜底\nupdated: "2025"\n---\n短答',
      /dibao\.md: bad front-matter \(id: id must be kebab-case/,
    ],
    [
      'empty short answer',
      '---\nid: dibao\ntitle: 低保\ncategory: 兜底\nupdated: "2025"\n---\n\n## 详细说明\n- x',
      /short answer .* is empty/,
    ],
  ])('names the file when there is %s', (_case, text, message) => {
    expect(() => parseTopic(text, 'dibao.md')).toThrow(TopicFormatError);
    expect(() => parseTopic(text, 'dibao.md')).toThrow(message);
  });
});
