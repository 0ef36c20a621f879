/** What a staff member may do on the dashboard; see src/admin/auth/roles.ts for the permissions of each. */
export type StaffRole = 'admin' | 'supervisor' | 'reviewer' | 'viewer';

/** A dashboard user; the password is kept only as an scrypt hash with its own salt. */
export type StaffUser = {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** The organisation the user works for; complaints are assigned to units. */
  unit: string;
  passwordHash: string;
  /** Set when someone else chose the password (creation, reset): the user must pick a new one. */
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
};

/** A signed-in dashboard session; `id` is a hash of the cookie value, so the file alone cannot be replayed. */
export type AdminSession = {
  id: string;
  staffId: string;
  /** Synchronizer token every form of this session must carry. */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
};
