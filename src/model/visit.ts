/** The 两不愁三保障 checklist a visit records, in order. */
export const CHECKLIST = [
  { key: 'food', label: '吃不愁' },
  { key: 'clothing', label: '穿不愁' },
  { key: 'education', label: '义务教育有保障' },
  { key: 'medical', label: '基本医疗有保障' },
  { key: 'housing', label: '住房安全有保障' },
  { key: 'water', label: '饮水安全有保障' },
] as const;

/** One checklist item's key. */
export type ChecklistKey = (typeof CHECKLIST)[number]['key'];

/** One checklist result: 达标, or 不达标 with the reason. */
export type ChecklistResult = { ok: boolean; reason?: string };

/** A photo or a location recorded with a visit. */
export type VisitAttachment =
  | { kind: 'image'; path: string; mime?: string }
  | { kind: 'location'; lat: number; lng: number; label?: string };

/** A cadre's home visit (走访记录); dates are China calendar dates `YYYY-MM-DD`. */
export type Visit = {
  id: string;
  cadreId: string;
  householdId: string;
  village: string;
  date: string;
  lateReason?: string;
  checklist: Record<ChecklistKey, ChecklistResult>;
  /** Estimated per-capita income this year, in yuan. */
  income?: number;
  problems?: string;
  measures: string;
  nextVisit: string;
  attachments: VisitAttachment[];
  /** Ledger items opened for 不达标 findings. */
  complaintIds: string[];
  /** The hardship application this visit answered, if any. */
  applicationId?: string;
  createdAt: string;
};
