import { describe, expect, it } from 'vitest';
import { HEADER_VARIANTS, headerSpec, type SheetKind } from '../../src/registry/header-variants.js';

const KINDS = Object.keys(HEADER_VARIANTS) as SheetKind[];

describe('header variants', () => {
  const every = KINDS.flatMap((kind) =>
    Object.entries(HEADER_VARIANTS[kind]).flatMap(([column, variants]) => [column, ...variants].map((name) => [kind, name, column])),
  );

  it.each(every)('%s: “%s” is read as 「%s」', (kind, name, column) => {
    expect(headerSpec(kind as SheetKind).canonical(name)).toBe(column);
  });

  it.each([
    ['households', '户主', '户主姓名'],
    ['households', '户主姓名', '户主姓名'],
    ['households', '身份证号码', '身份证号'],
    ['households', '证件号码', '身份证号'],
    ['households', '公民身份号码', '身份证号'],
    ['households', '帮扶人', '帮扶责任人'],
    ['households', '帮扶责任人', '帮扶责任人'],
    ['households', '联系电话', '联系电话'],
    ['households', '手机号码', '联系电话'],
    ['households', '电话', '联系电话'],
    ['households', '人口数', '家庭人口'],
    ['households', '家庭人口数', '家庭人口'],
  ] as const)('%s: the issue’s “%s” → 「%s」', (kind, name, column) => {
    expect(headerSpec(kind).canonical(name)).toBe(column);
  });

  it.each([
    ['* 户主姓名', '户主姓名'],
    ['身份证号码\n（18位）', '身份证号'],
    ['家庭人口（人）', '家庭人口'],
    ['县（市、区）', '县'],
    ['乡 镇', '乡镇'],
    ['联系电话：', '联系电话'],
  ])('households: spacing, marks and a bracketed note do not matter (%j)', (name, column) => {
    expect(headerSpec('households').canonical(name)).toBe(column);
  });

  it('does not read a column of one sheet kind as another, nor a name no sheet uses', () => {
    expect(headerSpec('households').canonical('姓名')).toBeUndefined();
    expect(headerSpec('members').canonical('户主')).toBeUndefined();
    expect(headerSpec('households').canonical('序号')).toBeUndefined();
    expect(headerSpec('aid').canonical('备注(多余的列)')).toBe('说明');
  });

  it('never gives one name to two columns of the same sheet', () => {
    for (const kind of KINDS) {
      const names = Object.entries(HEADER_VARIANTS[kind]).flatMap(([column, variants]) => [column, ...variants]);
      expect(new Set(names).size, kind).toBe(names.length);
    }
  });
});
