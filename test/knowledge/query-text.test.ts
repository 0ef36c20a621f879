import { describe, expect, it } from 'vitest';
import { arabicNumbers, createRejoiner } from '../../src/knowledge/query-text.js';

describe('arabicNumbers', () => {
  it.each([
    ['六十几了没交过社保', '60几了没交过社保'],
    ['贷五万块', '贷5万块'],
    ['两千五押金', '2500押金'],
    ['十二岁', '12岁'],
    ['十大工程是哪十项', '十大工程是哪十项'],
    ['三保障是哪三样', '三保障是哪三样'],
    ['十分困难', '十分困难'],
    ['百分之九十', '百分之90'],
  ])('%j → %j', (text, expected) => {
    expect(arabicNumbers(text)).toBe(expected);
  });
});

describe('createRejoiner', () => {
  const known = new Set(['脱贫', '摘帽', '吃低保']);
  const rejoin = createRejoiner((word) => known.has(word));
  it.each([
    ['么时候才算脱了贫', '么时候才算脱贫'],
    ['县里摘了帽', '县里摘帽'],
    ['吃过低保的', '吃低保的'],
    ['吃了饭再说', '吃了饭再说'],
  ])('%j → %j', (text, expected) => {
    expect(rejoin(text)).toBe(expected);
  });
});
