import type { Household, PovertyStatus } from '../model/household.js';

/** A household the app made a 监测对象 (a hardship decision, dated monitorSince) whose sheet row says otherwise. */
export type StatusConflict = {
  row: number;
  householdId: string;
  sheet: PovertyStatus;
  /** True: the decision was kept; false: `overwriteStatus` replaced it with the sheet's status. */
  kept: boolean;
};

/**
 * Sets `next`'s 脱贫状态 and monitoring fields from the sheet's `status`, except that a 监测对象 decided in the app after
 * the sheet was made is not undone silently: it is kept unless `overwrite`, and either way the conflict is returned.
 */
export function applyStatus(
  next: Household,
  old: Household | undefined,
  status: PovertyStatus,
  row: number,
  overwrite: boolean,
): StatusConflict | undefined {
  const decided = old?.status === '监测对象' && old.monitorSince !== undefined && status !== '监测对象';
  if (decided && !overwrite) {
    next.status = '监测对象';
    keepMonitoring(next, old);
  } else {
    next.status = status;
    if (!decided) keepMonitoring(next, old);
  }
  return decided ? { row, householdId: next.id, sheet: status, kept: !overwrite } : undefined;
}

function keepMonitoring(next: Household, old: Household | undefined): void {
  // Absent rather than undefined, so stored JSON and change detection see the same keys.
  if (old?.monitorType !== undefined) next.monitorType = old.monitorType;
  if (old?.monitorSince !== undefined) next.monitorSince = old.monitorSince;
}
