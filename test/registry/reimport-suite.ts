import { describe, expect, it } from 'vitest';
import type { Household } from '../../src/model/household.js';
import type { ImportOptions, ImportResult } from '../../src/registry/importer.js';
import { tableFromObjects } from '../../src/registry/read-table.js';
import { HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from '../../src/registry/rows.js';
import type { Cell, Table } from '../../src/registry/table.js';
import { fakeId, householdCells, testHasher } from './helpers.js';

/** One store's importers and what the re-import rules need to read back. */
export type ReimportTarget = {
  importHouseholds(table: Table, options?: ImportOptions): Promise<ImportResult>;
  importMembers(table: Table, options?: ImportOptions): Promise<ImportResult>;
  /** Sorted by code point. */
  memberNames(householdId: string): Promise<string[]>;
  household(id: string): Promise<Household | undefined>;
  /** What the hardship flow's monitor decision does to a household. */
  markMonitored(id: string, since: string): Promise<void>;
};

const people = {
  head: { name: '张大山', id: fakeId('19600101', 1) },
  wife: { name: '王桂兰', id: fakeId('19620202', 2) },
  son: { name: '张小军', id: fakeId('19900303', 3) },
  other: { name: '李秀英', id: fakeId('19650404', 4) },
};
type Person = keyof typeof people;

const memberRow = (householdId: string, who: Person, relation = '家庭成员'): Record<string, Cell> => ({
  户编号: householdId,
  姓名: people[who].name,
  身份证号: people[who].id,
  与户主关系: relation,
});
const members = (rows: Record<string, Cell>[]) => tableFromObjects([...MEMBER_COLUMNS], rows);
const households = (rows: Record<string, string>[]) => tableFromObjects([...HOUSEHOLD_COLUMNS], rows);

/** The re-import rules (issue 17 §2), run against one store's importers. */
export function reimportSuite(name: string, target: () => ReimportTarget): void {
  describe(`re-imports (${name})`, () => {
    it('remove the members a households sheet leaves out, for the households it lists only', async () => {
      const t = target();
      await t.importHouseholds(households([householdCells(1), householdCells(2)]));
      const first = await t.importMembers(
        members([memberRow('T0001', 'wife', '配偶'), memberRow('T0001', 'son', '之子'), memberRow('T0002', 'other', '配偶')]),
      );
      expect(first).toMatchObject({ written: true, created: 3, removed: 0 });
      const again = await t.importMembers(members([memberRow('T0001', 'wife', '配偶')]));
      expect(again).toMatchObject({ written: true, unchanged: 1, removed: 1 });
      expect(await t.memberNames('T0001')).toEqual(['王桂兰']);
      // T0002 is not in the sheet: its members stay.
      expect(await t.memberNames('T0002')).toEqual(['李秀英']);
    });

    it('keep the members of a household with a bad row, and of every household when a bad row has no readable 户编号', async () => {
      const t = target();
      await t.importHouseholds(households([householdCells(1), householdCells(2)]));
      await t.importMembers(members([memberRow('T0001', 'wife'), memberRow('T0001', 'son'), memberRow('T0002', 'other')]));
      const badSon = { ...memberRow('T0001', 'son'), 身份证号: '123' };
      const spoiled = await t.importMembers(members([memberRow('T0001', 'wife'), badSon]), { skipInvalid: true });
      expect(spoiled).toMatchObject({ written: true, removed: 0 });
      expect(await t.memberNames('T0001')).toEqual(['张小军', '王桂兰']);
      const noId = { ...memberRow('T0002', 'other'), 户编号: '' };
      const unreadable = await t.importMembers(members([memberRow('T0001', 'wife'), noId]), { skipInvalid: true });
      expect(unreadable).toMatchObject({ written: true, removed: 0 });
      expect(await t.memberNames('T0001')).toEqual(['张小军', '王桂兰']);
      // Strict (no --skip-invalid): nothing is written, nothing removed.
      expect(await t.importMembers(members([memberRow('T0001', 'wife'), badSon]))).toMatchObject({ written: false, removed: 0 });
      expect(await t.memberNames('T0001')).toEqual(['张小军', '王桂兰']);
    });

    it('keep a 监测对象 decided in the app against an older sheet, list the conflict, and overwrite it when asked', async () => {
      const t = target();
      await t.importHouseholds(households([householdCells(1), householdCells(2, { 脱贫状态: '监测对象' })]));
      await t.markMonitored('T0001', '2026-10-08');
      // A table is read once: each import gets a fresh one.
      const sheet = () => households([householdCells(1, { 家庭人口: '5' }), householdCells(2, { 脱贫状态: '已脱贫' })]);
      const kept = await t.importHouseholds(sheet());
      // T0002's 监测对象 came from a sheet, not from a decision: the newer sheet wins without a conflict.
      expect(kept).toMatchObject({
        written: true,
        updated: 2,
        statusConflicts: [{ row: 2, householdId: 'T0001', sheet: '已脱贫', kept: true }],
      });
      expect(await t.household('T0001')).toMatchObject({
        status: '监测对象',
        monitorType: '突发严重困难户',
        monitorSince: '2026-10-08',
        size: 5,
      });
      expect((await t.household('T0002'))?.status).toBe('已脱贫');
      const again = await t.importHouseholds(sheet());
      expect(again).toMatchObject({ unchanged: 2, statusConflicts: [{ householdId: 'T0001', kept: true }] });
      const overwritten = await t.importHouseholds(sheet(), { overwriteStatus: true });
      expect(overwritten).toMatchObject({ updated: 1, statusConflicts: [{ row: 2, householdId: 'T0001', sheet: '已脱贫', kept: false }] });
      const after = await t.household('T0001');
      expect(after?.status).toBe('已脱贫');
      expect(after).not.toHaveProperty('monitorType');
      expect(after).not.toHaveProperty('monitorSince');
      expect((await t.importHouseholds(sheet())).statusConflicts).toEqual([]);
    });

    it('hash a new head once: the changed head verifies, the ID hash follows the new person', async () => {
      const t = target();
      await t.importHouseholds(households([householdCells(1, { 户主姓名: people.head.name, 身份证号: people.head.id })]));
      await t.importHouseholds(households([householdCells(1, { 户主姓名: people.son.name, 身份证号: people.son.id })]));
      const h = await t.household('T0001');
      expect(h?.headName).toBe('张小军');
      expect(h?.idHash).toBe(await testHasher.idHash(people.son.id));
    });
  });
}
