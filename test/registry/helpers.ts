import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCheckChar } from '../../src/privacy/id-number.js';
import { createHasher } from '../../src/privacy/keyed-hash.js';
import { HOUSEHOLD_COLUMNS } from '../../src/registry/rows.js';

/** A fictional ID number (region 369901, a fictional county) with a correct check character; none is written out in the repo. */
export function fakeId(birth = '19620315', sequence = 11): string {
  const base = `369901${birth}${String(sequence).padStart(3, '0')}`;
  return `${base}${idCheckChar(base)}`;
}

/** The same fictional ID with a wrong check character. */
export function withWrongCheck(id: string): string {
  const wrong = id.endsWith('1') ? '2' : '1';
  return `${id.slice(0, 17)}${wrong}`;
}

/** A hasher with a fixed test key. */
export const testHasher = createHasher('test-key-0123456789abcdef0123456789abcdef');

/** A fresh temp dir, removed by the returned cleanup. */
export async function tempDir(prefix = 'bangfu-registry-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A valid household row as a column → value record; override any column. */
export function householdCells(n: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    户编号: `T${String(n).padStart(4, '0')}`,
    户主姓名: ['张大山', '李秀英', '王建国', '刘春花', '陈小兵'][n % 5] as string,
    身份证号: fakeId('19700101', n),
    联系电话: '13900000101',
    县: '演示县',
    乡镇: '东坡乡',
    村: '红星村',
    组: '一组',
    家庭人口: '4',
    贫困户属性: '一般贫困户',
    卡类: '红卡',
    致贫原因: '因病、缺技术',
    脱贫状态: '已脱贫',
    脱贫年度: '2019',
    帮扶责任人: '胡文静',
    帮扶责任人电话: '0796-8123001',
    ...overrides,
  };
}

/** CSV text (CRLF, quoted where needed) for the given columns and rows. */
export function toCsv(columns: readonly string[], rows: Record<string, string>[]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

/** The household CSV for rows 1..n. */
export function householdCsv(rows: Record<string, string>[]): string {
  return toCsv(HOUSEHOLD_COLUMNS, rows);
}
