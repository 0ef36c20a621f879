import { describe, expect, it } from 'vitest';
import { answerShape, answerType, fitsAnswerType, shapeFit } from '../../src/knowledge/answer-type.js';

describe('answerType', () => {
  it.each([
    ['营养餐一天补几块', 'amount'],
    ['护林员一个月多少钱', 'amount'],
    ['过渡期到哪年结束', 'time'],
    ['贷款能贷几年', 'time'],
    ['特困申请几天批下来', 'time'],
    ['贷款几时要还', 'time'],
    ['哪些人能当护林员', 'criteria'],
    ['低保去哪里申请', 'where'],
    ['住院要带什么证件', 'how'],
    ['低保怎么申请', 'how'],
    ['三保障是哪三样', 'which'],
    ['低保是什么', 'what'],
    ['低保户能同时是贫困户吗', 'other'],
  ])('%j asks for %s', (question, type) => {
    expect(answerType(question)).toBe(type);
  });

  it.each([
    ['amount', '每人每天4元。', true],
    ['amount', '各地不同，请问乡镇。', false],
    ['time', '过渡期到2025年底。', true],
    ['where', '向乡镇民政所提出。', true],
    ['how', '带上身份证和户口本。', true],
    ['which', '三保障：义务教育、基本医疗、住房安全。', true],
    ['which', '请问村委会。', false],
    ['what', '低保是基本生活保障。', false],
  ] as const)('a %s question is answered by %j: %s', (type, passage, fits) => {
    expect(fitsAnswerType(type, passage)).toBe(fits);
  });
});

describe('shapeFit', () => {
  it.each([
    ['几天能批下来', '兴国县写明18个工作日内办结。', 2],
    ['几天能批下来', '特困供养标准（2023年）：每月860元。', 0],
    ['监测线是扶贫线几倍', '早期参考扶贫标准的1.5倍左右。', 2],
    ['养老保险有几档', '共14档，最低每年100元。', 2],
    ['养老保险有几档', '每年最低100元。', 1],
    ['一个月补多少', '每人每月100元。', 1],
    ['一个月补多少', '请问县残联。', 0],
    ['高中助学金是哪三档', '分1500元、2000元、2500元三档。', 2],
    ['看病是哪四道保障线', '设了4道保障线：基本医保、大病保险。', 2],
    ['看病是哪四道保障线', '大病保险是第四道保障线。', 1],
  ] as const)('%j fits %j at %i', (question, passage, fit) => {
    expect(shapeFit(answerShape(question), passage)).toBe(fit);
  });
});
