import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_LIMIT, CallbackTokens } from '../../../adapters/telegram/callback-tokens.js';
import { keyboardOf, labelOfButton } from '../../../adapters/telegram/keyboard.js';
import { renderReply } from '../../../adapters/telegram/render-reply.js';
import { splitText } from '../../../adapters/telegram/split-text.js';

describe('splitText', () => {
  it.each([
    ['short text', 'abc', 10, ['abc']],
    ['exactly the limit', 'abcdefghij', 10, ['abcdefghij']],
    ['at the last line break', 'aaaaaa\nbbbbbb', 10, ['aaaaaa', 'bbbbbb']],
    ['after a sentence when no line break', '一二三四五六。七八九十一二', 10, ['一二三四五六。', '七八九十一二']],
    ['hard when there is nowhere to break', 'abcdefghijklmnop', 10, ['abcdefghij', 'klmnop']],
    ['not inside a surrogate pair', `${'a'.repeat(9)}😀b`, 10, ['a'.repeat(9), '😀b']],
    ['hard rather than at a break so early it leaves a stub', `ab\n${'c'.repeat(12)}`, 10, [`ab\n${'c'.repeat(7)}`, 'c'.repeat(5)]],
  ])('splits %s', (_name, text, max, parts) => {
    expect(splitText(text, max)).toEqual(parts);
  });

  it('keeps every part within 4,096 and loses nothing but the break characters', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `第${i}行：${'内容'.repeat(20)}`).join('\n');
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(text);
  });
});

describe('keyboardOf', () => {
  const tokens = new CallbackTokens();

  it('puts short labels two to a row, numbered', async () => {
    const choices = ['提建议', '问事情', '表扬'].map((label, i) => ({ id: `t${i}`, label }));
    expect(keyboardOf(choices, tokens).inline_keyboard).toEqual([
      [
        { text: '1. 提建议', callback_data: 't0' },
        { text: '2. 问事情', callback_data: 't1' },
      ],
      [{ text: '3. 表扬', callback_data: 't2' }],
    ]);
  });

  it('puts long labels one to a row and shortens very long ones', async () => {
    const choices = [
      { id: 'a', label: '查询我家帮扶情况' },
      { id: 'b', label: '短' },
      { id: 'c', label: '这是一个特别特别特别特别特别特别长的选项名称，真的很长' },
    ];
    const rows = keyboardOf(choices, tokens).inline_keyboard;
    expect(rows.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(rows[2]?.[0]?.text).toMatch(/^3\. 这是.*…$/);
  });

  it('maps an id over 64 bytes to a short token and back', async () => {
    const id = `complaint.detail:${'x'.repeat(80)}`;
    const [[button]] = keyboardOf([{ id, label: '详情' }], tokens).inline_keyboard as [[{ text: string; callback_data: string }]];
    expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(tokens.decode(button.callback_data)).toBe(id);
    expect(tokens.encode(id)).toBe(button.callback_data);
  });

  it('counts bytes, not characters, against the limit', async () => {
    const id = `flow.pick:${'村'.repeat(20)}`; // 30 characters, 70 bytes
    expect(tokens.encode(id)).not.toBe(id);
  });

  it('forgets the oldest tokens beyond its capacity', async () => {
    const small = new CallbackTokens(2);
    const [a, b, c] = ['a', 'b', 'c'].map((x) => small.encode(x.repeat(70)));
    expect(small.decode(a ?? '')).toBeUndefined();
    expect(small.decode(b ?? '')).toBe('b'.repeat(70));
    expect(small.decode(c ?? '')).toBe('c'.repeat(70));
  });

  it('finds a button label without its number', async () => {
    const markup = keyboardOf([{ id: 'x', label: '给我们留言' }], tokens);
    expect(labelOfButton(markup, 'x')).toBe('给我们留言');
    expect(labelOfButton(markup, 'y')).toBeUndefined();
  });
});

describe('renderReply', () => {
  const tokens = new CallbackTokens();

  it('hangs the keyboard on the last part only', async () => {
    const messages = renderReply(
      { text: `${'甲'.repeat(4000)}\n${'乙'.repeat(200)}`, choices: [{ id: 'cmd:menu', label: '回主菜单' }] },
      tokens,
    );
    expect(messages.map((m) => [m.text.length, m.reply_markup !== undefined])).toEqual([
      [4000, false],
      [200, true],
    ]);
  });

  it('never sends an empty message, even for choices without text', async () => {
    expect(renderReply({ text: '', choices: [{ id: 'a', label: 'A' }] }, tokens)).toEqual([
      { text: '请选择：', reply_markup: { inline_keyboard: [[{ text: '1. A', callback_data: 'a' }]] } },
    ]);
    expect(renderReply({ text: '  ' }, tokens)).toEqual([]);
  });
});
