import { describe, expect, it } from 'vitest';
import { phoneLines } from '../../../adapters/wechat/phone-lines.js';
import { renderReply } from '../../../adapters/wechat/render.js';

describe('phone numbers in WeChat texts', () => {
  it.each([
    [
      '您家的帮扶责任人是 刘帮扶，电话 13900001111，有事可以直接找他（她）。',
      '您家的帮扶责任人是 刘帮扶，电话\n13900001111\n有事可以直接找他（她）。',
    ],
    ['请联系县乡村振兴局：0796-6551234；监督举报电话 12317。', '请联系县乡村振兴局：\n0796-6551234\n监督举报电话\n12317'],
    ['13900001111', '13900001111'],
    ['第一行\n\n第三行', '第一行\n\n第三行'],
  ])('stand alone on a line: %s', (text, expected) => {
    expect(phoneLines(text)).toBe(expected);
  });

  it.each([
    ['a masked number', '联系电话 138****5678'],
    ['an amount', '补贴 12300元，已发放'],
    ['a date', '2026-03-05 登记'],
    ['an ID tail or a household code', '身份证后 6 位 150117，户编号 YS-0001'],
    ['a longer digit run', '账号 6228480012345678901'],
  ])('leave %s alone', (_name, text) => {
    expect(phoneLines(text)).toBe(text);
  });

  it('are put alone on a line in the reply text, not in the numbered choices', () => {
    const [text] = renderReply({ text: '电话 13900001111 找他', choices: [{ id: 'a', label: '菜单' }] }, 1500);
    expect(text).toBe('电话\n13900001111\n找他\n1. 菜单\n（回复数字即可）');
  });
});
