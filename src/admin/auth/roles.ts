import type { StaffRole } from '../../model/staff.js';

/** Everything a dashboard route can require. */
export type Permission =
  | 'overview.read'
  | 'account.self'
  | 'households.read'
  | 'households.import'
  | 'cadres.read'
  | 'cadres.manage'
  | 'staff.manage'
  | 'audit.read'
  | 'complaints.read'
  | 'complaints.work'
  | 'visits.read'
  | 'applications.read'
  | 'applications.work'
  | 'content.manage';

/** The roles in the order the staff form lists them. */
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'supervisor', 'reviewer', 'viewer'];

/** How each role is shown to staff. */
export const ROLE_LABELS: Record<StaffRole, string> = {
  admin: '系统管理员',
  supervisor: '监督员',
  reviewer: '审核员',
  viewer: '只读查看',
};

const LEDGER: readonly Permission[] = ['complaints.read', 'complaints.work', 'visits.read', 'applications.read', 'applications.work'];

// Viewers see figures only: no route of theirs returns a person's record.
const GRANTS: Record<StaffRole, readonly Permission[]> = {
  admin: [
    'overview.read',
    'account.self',
    'households.read',
    'households.import',
    'cadres.read',
    'cadres.manage',
    'staff.manage',
    'audit.read',
    'content.manage',
    ...LEDGER,
  ],
  supervisor: ['overview.read', 'account.self', 'households.read', 'cadres.read', ...LEDGER],
  // Which complaints a reviewer sees is narrowed further, record by record, by canSeeComplaint.
  reviewer: ['overview.read', 'account.self', 'households.read', 'cadres.read', ...LEDGER],
  viewer: ['overview.read', 'account.self'],
};

/** Whether a role holds a permission. */
export function can(role: StaffRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
