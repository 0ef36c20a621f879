import type { ChatAddress, SealedAddress } from './address.js';
import type { StaffUser } from './staff.js';

/** A photo sent with a complaint: where the adapter saved it under DATA_DIR/uploads, and its type. */
export type ComplaintPhoto = { path: string; mime?: string };

/** What a complaint is about; 走访发现问题 items are opened by a cadre's visit, not by a report. */
export const COMPLAINT_CATEGORIES = ['扶贫资金发放问题', '贫困识别不准', '政策没有落实', '干部作风问题', '其他', '走访发现问题'] as const;
/** A complaint category. */
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** Ledger statuses and their API ids. */
export const COMPLAINT_STATUSES = {
  registered: '已登记',
  accepted: '已受理',
  rectifying: '整改中',
  verifying: '待核实',
  closed: '已办结',
  rejected: '不予受理',
} as const;
/** A ledger status id. */
export type ComplaintStatus = keyof typeof COMPLAINT_STATUSES;

/** One step in a complaint's life. */
export type ComplaintEvent = { at: string; by: string; from: ComplaintStatus | null; to: ComplaintStatus; note: string };

/** A problem in the rectification ledger (问题台账). */
export type Complaint = {
  id: string;
  trackingCode: string;
  category: ComplaintCategory;
  township: string;
  village: string;
  description: string;
  /** Who it is about (a name or a role), if the reporter said. */
  concerns?: string;
  anonymous: boolean;
  /** Phone given by a named (实名) reporter; shown masked. */
  phone?: string;
  /** How to tell the reporter of progress: sealed, so neither the data dir nor staff can read the chat account. */
  replyTo?: SealedAddress;
  /** Only in data written before reply addresses were sealed; sealed at start-up (see sealLegacyReporters). */
  reporter?: ChatAddress;
  /** The registered household of a named reporter; never set on an anonymous complaint. */
  householdId?: string;
  /**
   * Who may never be assigned this complaint beyond what `concerns` names, fixed at submission: the cadre of the
   * reporter's household for a 干部作风问题. Kept instead of the household so anonymous complaints keep the rule;
   * never shown (it would narrow down who reported).
   */
  excludedAssignees?: string[];
  visitId?: string;
  /** Photos the reporter sent with it, saved under DATA_DIR/uploads; staff see them on the detail page. */
  photos?: ComplaintPhoto[];
  /** About a cadre or a named person: only supervisors and admins see it. */
  sensitive: boolean;
  status: ComplaintStatus;
  assignee?: string;
  deadline?: string;
  satisfaction?: 'satisfied' | 'unsatisfied';
  reopenCount: number;
  history: ComplaintEvent[];
  createdAt: string;
  updatedAt: string;
};

/** Whether a staff member may see (and work) a complaint: reviewers only non-sensitive ones of their unit or unassigned. */
export function canSeeComplaint(staff: Pick<StaffUser, 'role' | 'unit'>, complaint: Pick<Complaint, 'sensitive' | 'assignee'>): boolean {
  if (staff.role === 'admin' || staff.role === 'supervisor') return true;
  if (staff.role !== 'reviewer' || complaint.sensitive) return false;
  return !complaint.assignee || complaint.assignee === staff.unit;
}

/** Whether a complaint is still open and past its deadline on `today` (YYYY-MM-DD, China). */
export function isOverdue(complaint: Pick<Complaint, 'deadline' | 'status'>, today: string): boolean {
  const open = complaint.status !== 'closed' && complaint.status !== 'rejected';
  return open && !!complaint.deadline && complaint.deadline < today;
}
