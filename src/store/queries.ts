import type { AidCategory } from '../model/aid.js';
import type { ApplicationStatus, HardshipEvent } from '../model/application.js';
import type { Cadre } from '../model/cadre.js';
import type { ComplaintCategory, ComplaintStatus } from '../model/complaint.js';
import type { CardColour, PovertyStatus } from '../model/household.js';
import type { StaffRole } from '../model/staff.js';

/** A page of results and how many match in all. */
export type Page<T> = { items: T[]; total: number };

/** Which page to return: 1-based, 20 items unless told. */
export type PageRequest = { page?: number; pageSize?: number };

/**
 * Which households: every field narrows. Text `q` matches a household id, head name or village (substring);
 * `cadreId` selects the households of a cadre (its assigned villages plus those assigned one by one, active or not);
 * `notVisitedSince` (YYYY-MM-DD) those with no visit dated on or after that day.
 */
export type HouseholdFilter = {
  q?: string;
  township?: string;
  village?: string;
  cadreId?: string;
  ids?: readonly string[];
  notVisitedSince?: string;
};

/** A page of households, ordered by id. */
export type HouseholdQuery = HouseholdFilter & PageRequest;

/** A township and village in the registry, with how many households it has. */
export type Place = { township: string; village: string; households: number };

/** Registry totals for the dashboard overview. */
export type HouseholdStats = {
  households: number;
  people: number;
  byCard: Record<CardColour | '未分卡', number>;
  byStatus: Record<PovertyStatus, number>;
};

/** Aid paid in all, by category, and in each asked month (YYYY-MM, China calendar as recorded). */
export type AidSummary = {
  totalFen: number;
  byCategory: { category: AidCategory; amountFen: number; count: number }[];
  byMonth: { month: string; amountFen: number; count: number }[];
};

/** Cadre list filters; newest first. `q` matches name, organisation or id (substring). */
export type CadreQuery = { q?: string; village?: string; status?: Cadre['status'] } & PageRequest;

/** Audit filters; newest first. `username` and `action` match exactly, `target` is a prefix. */
export type AuditFilter = { username?: string; action?: string; target?: string };

/** A page of audit entries. */
export type AuditQuery = AuditFilter & PageRequest;

/** Who looks at complaints: reviewers see only non-sensitive ones of their unit or unassigned; admins and supervisors all. */
export type ComplaintViewer = { role: StaffRole; unit: string };

/**
 * Complaint filters; results newest first. `q` is a tracking code (exact, any case) or part of a village name.
 * `overdue` compares with `today` (YYYY-MM-DD, China): open and past its deadline (see isOverdue in model/complaint.ts).
 */
export type ComplaintFilter = {
  status?: ComplaintStatus;
  category?: ComplaintCategory;
  township?: string;
  q?: string;
  overdue?: boolean;
  today?: string;
  viewer?: ComplaintViewer;
  /** false leaves sensitive complaints out (the overview figures of staff who may not see them). */
  sensitive?: boolean;
};

/** A page of complaints. */
export type ComplaintQuery = ComplaintFilter & PageRequest;

/** Complaint figures: totals by status and category, and how many are overdue on `today`. */
export type ComplaintSummary = {
  total: number;
  overdue: number;
  byStatus: Record<ComplaintStatus, number>;
  byCategory: Record<ComplaintCategory, number>;
};

/** Hardship application filters; newest first. `q` and `overdue` as for complaints (isApplicationOverdue). */
export type ApplicationFilter = { status?: ApplicationStatus; township?: string; q?: string; overdue?: boolean; today?: string };

/** A page of applications. */
export type ApplicationQuery = ApplicationFilter & PageRequest;

/** Application figures: totals by status and event, and how many are overdue on `today`. */
export type ApplicationSummary = {
  total: number;
  overdue: number;
  byStatus: Record<ApplicationStatus, number>;
  byEvent: Record<HardshipEvent, number>;
};

/** Visit filters (dates YYYY-MM-DD, inclusive); newest visit date first, then newest created. */
export type VisitFilter = { cadreId?: string; village?: string; householdId?: string; from?: string; to?: string; hasProblems?: boolean };

/** A page of visits. */
export type VisitQuery = VisitFilter & PageRequest;

/** Households visited since a date, out of those in a group; `overdue` lists the others' ids (sorted). */
export type CoverageGroup = { assigned: number; visited: number; overdue: string[] };

/** Visit coverage per place and per active cadre since a date. */
export type VisitCoverage = {
  byPlace: ({ township: string; village: string } & CoverageGroup)[];
  byCadre: ({ cadreId: string; name: string } & CoverageGroup)[];
};
