import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { idCheckChar, idTail } from '../privacy/id-number.js';
import type { Hasher } from '../privacy/keyed-hash.js';
import type { Store } from '../store/store.js';
import { type ImportResult, importAid, importHouseholds, importMembers } from './importer.js';
import { tableFromObjects } from './read-table.js';
import { AID_COLUMNS, formatRowError, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from './rows.js';
import type { Cell } from './table.js';

/** Where the fictional demo registry lives under CONTENT_DIR. */
export const DEMO_FILE = join('demo', 'households.yaml');

const cell = z.union([z.string(), z.number()]);
const idBase = z.string().regex(/^\d{17}$/, 'idBase must be the first 17 digits of an ID number, quoted');
const demoSchema = z.object({
  households: z
    .array(
      z.looseObject({
        户编号: z.string(),
        户主姓名: z.string(),
        idBase,
        members: z.array(z.looseObject({ 姓名: z.string(), idBase })).default([]),
        aid: z.array(z.record(z.string(), cell)).default([]),
      }),
    )
    .min(1),
});
type Demo = z.infer<typeof demoSchema>;

/** What seeding did, per sheet. */
export type DemoSeedResult = { households: ImportResult; members: ImportResult; aid: ImportResult };

/** The demo household to log in with in chat: the first household's head name and ID tail (last 6). */
export type DemoLogin = { householdId: string; name: string; idTail: string };

/** Imports the fictional demo households, members and aid through the normal importer (idempotent: re-seeding changes nothing). */
export async function seedDemo(store: Store, hasher: Hasher, contentDir: string, now?: () => Date): Promise<DemoSeedResult> {
  const demo = await loadDemo(contentDir);
  const options = { now };
  const households = check(
    await importHouseholds(
      store,
      hasher,
      tableFromObjects(
        [...HOUSEHOLD_COLUMNS],
        demo.households.map(({ idBase: base, members: _m, aid: _a, ...fields }) => ({ ...cells(fields), 身份证号: fullId(base) })),
      ),
      options,
    ),
  );
  const memberRows = demo.households.flatMap((h) =>
    h.members.map(({ idBase: base, ...fields }) => ({ ...cells(fields), 户编号: h.户编号, 身份证号: fullId(base) })),
  );
  const members = check(await importMembers(store, hasher, tableFromObjects([...MEMBER_COLUMNS], memberRows), options));
  const aidRows = demo.households.flatMap((h) => h.aid.map((fields) => ({ ...cells(fields), 户编号: h.户编号 })));
  const aid = check(await importAid(store, hasher, tableFromObjects([...AID_COLUMNS], aidRows), options));
  return { households, members, aid };
}

/** The first demo household's login (head name + last 6 of the ID), for the README and tests. */
export async function demoLogin(contentDir: string): Promise<DemoLogin> {
  const first = (await loadDemo(contentDir)).households[0] as Demo['households'][number];
  return { householdId: first.户编号, name: first.户主姓名, idTail: idTail(fullId(first.idBase)) };
}

/** The 户编号 of every demo household: a data dir holding any other household is not a demo data dir. */
export async function demoHouseholdIds(contentDir: string): Promise<ReadonlySet<string>> {
  return new Set((await loadDemo(contentDir)).households.map((h) => h.户编号));
}

async function loadDemo(contentDir: string): Promise<Demo> {
  const path = join(contentDir, DEMO_FILE);
  const parsed = demoSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`The demo registry ${path} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function fullId(base: string): string {
  return `${base}${idCheckChar(base)}`;
}

function cells(fields: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [key, value] of Object.entries(fields)) if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  return out;
}

function check(result: ImportResult): ImportResult {
  if (result.errors.length === 0) return result;
  throw new Error(`The demo registry has ${result.kind} rows the importer rejects:\n${result.errors.map(formatRowError).join('\n')}`);
}
