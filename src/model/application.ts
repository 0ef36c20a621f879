import type { ChatAddress } from './address.js';
import type { MonitorType } from './household.js';

/** What happened to the household. */
export const HARDSHIP_EVENTS = ['生病住院', '意外事故', '自然灾害', '失业或收入骤减', '子女上学负担重', '其他'] as const;
/** A hardship event. */
export type HardshipEvent = (typeof HARDSHIP_EVENTS)[number];

/** 防返贫申报 statuses and their API ids. */
export const APPLICATION_STATUSES = {
  submitted: '已申报',
  checking: '入户核查',
  reviewing: '评议公示',
  monitored: '纳入监测',
  declined: '不予纳入',
  resolved: '风险消除',
} as const;
/** An application status id. */
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** One step in an application's life. */
export type ApplicationEvent = { at: string; by: string; from: ApplicationStatus | null; to: ApplicationStatus; note: string };

/** Who applied, when they are not a verified household (name, place, phone). */
export type Applicant = { name: string; township: string; village: string; phone: string };

/** A hardship self-report (防返贫一键申报) in the ledger. */
export type Application = {
  id: string;
  trackingCode: string;
  event: HardshipEvent;
  eventDate: string;
  /** What it cost or will cost, in yuan, if said. */
  cost?: number;
  help: string;
  householdId?: string;
  applicant?: Applicant;
  township: string;
  village: string;
  consent: true;
  reporter?: ChatAddress;
  status: ApplicationStatus;
  /** The cadre id (`cadre:<id>`) or a named person doing the home check. */
  assignee?: string;
  checkDeadline: string;
  decisionDeadline: string;
  monitorType?: MonitorType;
  visitIds: string[];
  history: ApplicationEvent[];
  createdAt: string;
  updatedAt: string;
};

/** Whether an application has missed its home-check or decision deadline on `today` (YYYY-MM-DD, China). */
export function isApplicationOverdue(a: Pick<Application, 'status' | 'checkDeadline' | 'decisionDeadline'>, today: string): boolean {
  if (a.status === 'submitted') return a.checkDeadline < today;
  if (a.status === 'checking' || a.status === 'reviewing') return a.decisionDeadline < today;
  return false;
}
