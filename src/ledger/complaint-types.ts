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

/** Where to send a reporter's updates; never shown for anonymous complaints. */
export type ChatAddress = { channel: string; userId: string };

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
  reporter?: ChatAddress;
  householdId?: string;
  visitId?: string;
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
