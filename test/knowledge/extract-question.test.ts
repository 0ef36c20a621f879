import { describe, expect, it } from 'vitest';
import { extractQuestion, findQuestions, withContext } from '../../src/knowledge/extract-question.js';

describe('extractQuestion', () => {
  it.each([
    ['plain question', '低保怎么申请', '低保怎么申请'],
    ['greeting and thanks', '您好！请问低保怎么申请？谢谢您了', '低保怎么申请'],
    ['greeting without punctuation', '你好请问危房改造补多少钱', '危房改造补多少钱'],
    ['self-introduction with places', '您好,我是XX镇XX村的村民,咨询一下贫困户的认定标准是什么?', '贫困户的认定标准是什么'],
    ['self-introduction, no punctuation', '您好我是石桥镇青山村的村民咨询一下贫困户的认定标准是什么', '贫困户的认定标准是什么'],
    ['place names before a lead-in', '江西省赣州市于都县罗坳镇的村民想问危房改造补多少钱', '危房改造补多少钱'],
    [
      'story around the question',
      '本人是一名退伍军人，家住江西省吉安市永丰县，家里一直困难，想咨询能不能评贫困户，谢谢领导',
      '能不能评贫困户',
    ],
    ['a question leaning on the story before it', '我家孩子在读高中，有什么补助吗', '我家孩子在读高中，有什么补助吗'],
    ['an intro that carries a domain word is context', '我是低保户，能不能享受贫困户政策', '我是低保户，能不能享受贫困户政策'],
    ['Traditional characters', '營養餐一天補幾塊？', '营养餐一天补几块'],
    ['full-width punctuation and letters', '你好！ＸＸ村的低保怎么申请？', 'xx村的低保怎么申请'],
    ['emoji and WeChat emoticons', '你好😊我想问低保怎么办🙏[抱拳]', '低保怎么办'],
    ['space-separated words', '低保 怎么 申请', '低保怎么申请'],
    ['no question word', '小额信贷', '小额信贷'],
    ['only greetings', '早上好啊', ''],
    ['only thanks', '謝謝你哈', ''],
    ['greeting and an empty lead-in', '在吗 老乡问个事', ''],
    ['empty', '', ''],
    ['quotes inside a clause', '您好，请问什么是“两不愁三保障”？我不太懂', '什么是两不愁三保障'],
    [
      'a lead-in before the story',
      '我想问下我们县已经摘帽好几年了，过渡期是不是今年就结束了？',
      '我们县已经摘帽好几年了，过渡期是不是今年就结束了',
    ],
    ['a request is a question', '您好，我家房子漏雨想申请危房改造', '我家房子漏雨想申请危房改造'],
  ])('%s: %j → %j', (_case, text, main) => {
    expect(extractQuestion(text).main).toBe(main);
  });

  it.each([
    ['你好，请问低保怎么申请？另外孩子上学有没有补助？谢谢！', '低保怎么申请', ['孩子上学有没有补助']],
    ['危房改造补多少钱？还想问一下光伏扶贫怎么分红', '危房改造补多少钱', ['光伏扶贫怎么分红']],
    ['今天天气怎么样？低保怎么申请？', '低保怎么申请', []],
  ])('two questions in %j: main %j, others %j', (text, main, others) => {
    expect(extractQuestion(text)).toEqual({ main, others });
  });

  it('joins a follow-up without domain words to the question before it', () => {
    expect(findQuestions('能申请扶贫小额信贷吗？最多多少钱？期限多长？')).toEqual([
      { question: '能申请扶贫小额信贷吗，最多多少钱，期限多长', context: [], story: [] },
    ]);
  });

  it('keeps the story clauses before a question, those with domain words as its context', () => {
    const [found] = findQuestions('我母亲是重度残疾，听说有护理补贴，上个月刚满六十，我们家不是低保户也能领吗？');
    expect(found).toEqual({
      question: '我们家不是低保户也能领吗',
      context: ['我母亲是重度残疾', '听说有护理补贴'],
      story: ['我母亲是重度残疾', '听说有护理补贴', '上个月刚满六十'],
    });
    expect(found && withContext(found)).toBe('听说有护理补贴，我们家不是低保户也能领吗');
  });

  it.each(['什么也没赔到', '哪都没去成', '前年交过几年'])('does not read %j as a question', (text) => {
    expect(findQuestions(`我家是脱贫户，${text}，低保怎么申请？`).map((f) => f.question)).toEqual(['低保怎么申请']);
  });

  it('leaves domain words that look like places alone', () => {
    expect(extractQuestion('贫困县摘帽要达到什么标准').main).toBe('贫困县摘帽要达到什么标准');
    expect(extractQuestion('去乡镇村委会开证明要带什么').main).toBe('去乡镇村委会开证明要带什么');
  });

  it('uses the given domain test to pick the context', () => {
    const main = extractQuestion('家里的老牛病了，兽医站远不远？', (text) => text.includes('兽医')).main;
    expect(main).toBe('兽医站远不远');
  });
});

describe('indefinite 几', () => {
  it('reads 这几年 / 前几天 as "a few", not as a question', () => {
    const found = findQuestions('这几年补助好像没发了，请问退耕还林的补助现在还有没有？');
    expect(found.map((f) => f.question)).toEqual(['退耕还林的补助现在还有没有']);
  });
});
