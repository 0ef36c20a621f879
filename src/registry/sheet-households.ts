import { parseCode } from './cells.js';
import type { Cell } from './table.js';

/** The 户编号 of a row's cells when it can be read (even if other cells of the row are bad). */
export function householdIdOf(cells: Record<string, Cell>): string | undefined {
  const parsed = parseCode(cells.户编号);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Which households a members sheet speaks for in full: those it lists, except any with a bad row (the bad row may be
 * the member it seems to leave out). When a bad row's 户编号 cannot be read, it may belong to any of them, so none is.
 */
export class SheetHouseholds {
  private readonly listedIds = new Set<string>();
  private readonly spoiledIds = new Set<string>();
  private unreadable = false;

  /** A good row of this household. */
  listed(householdId: string): void {
    this.listedIds.add(householdId);
  }

  /** A bad row, of this household when its 户编号 could be read. */
  bad(householdId: string | undefined): void {
    if (householdId === undefined) this.unreadable = true;
    else this.spoiledIds.add(householdId);
  }

  /** Whether members left out of the sheet may be removed at all. */
  get complete(): boolean {
    return !this.unreadable;
  }

  /** Households with a bad row: they keep the members the sheet leaves out. */
  spoiled(): string[] {
    return [...this.spoiledIds];
  }

  /** Households the sheet lists with good rows only: their members not in the sheet are removed. */
  whole(): string[] {
    return this.unreadable ? [] : [...this.listedIds].filter((id) => !this.spoiledIds.has(id));
  }
}
