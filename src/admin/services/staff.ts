import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StaffRole, StaffUser } from '../../model/staff.js';
import type { Store } from '../../store/legacy-store.js';
import { generatePassword, hashPassword, verifyPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-policy.js';
import { STAFF_ROLES } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { AdminError } from './admin-error.js';

/** A staff user as the API and pages show it: never the password hash. */
export type PublicStaff = Omit<StaffUser, 'passwordHash'>;

/** Strips the password hash. */
export function publicStaff({ passwordHash: _hash, ...user }: StaffUser): PublicStaff {
  return user;
}

/** Fields of a new staff user (form or JSON). */
export const staffInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, { message: '用户名为 3–32 位字母、数字、点、横线或下划线' }),
  displayName: z.string().trim().max(50, { message: '姓名最多 50 字' }).default(''),
  role: z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]], { message: '请选择角色' }),
  unit: z.string().trim().max(100, { message: '单位最多 100 字' }).default(''),
  /** Left empty, a strong password is generated and shown once. */
  password: z.string().max(200).optional(),
});

/** Staff list filters. */
export const staffQuery = z.object({
  q: z.string().trim().max(50).optional(),
  role: z
    .enum(STAFF_ROLES as [StaffRole, ...StaffRole[]])
    .optional()
    .catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
});

/** Staff matching the list filters. */
export function filterStaff(store: Store, { q, role, status }: z.infer<typeof staffQuery>): StaffUser[] {
  return store.staff
    .list()
    .filter(
      (u) =>
        (!q || u.username.includes(q) || u.displayName.includes(q) || u.unit.includes(q)) &&
        (!role || u.role === role) &&
        (!status || u.disabled === (status === 'disabled')),
    );
}

/** Creates a staff user; returns the password when it was generated (to show once). */
export async function createStaff(
  store: Store,
  now: Date,
  input: z.infer<typeof staffInput>,
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  if (store.staff.byUsername(input.username)) throw new AdminError(`用户名“${input.username}”已被使用`, 409);
  const password = input.password || generatePassword();
  const problem = passwordProblem(password, input.username);
  if (problem) throw new AdminError(problem);
  const at = now.toISOString();
  const user: StaffUser = {
    id: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    unit: input.unit,
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
    disabled: false,
    createdAt: at,
    updatedAt: at,
  };
  await store.staff.put(user);
  return { user, generatedPassword: input.password ? undefined : password };
}

function activeAdmins(store: Store): StaffUser[] {
  return store.staff.list().filter((u) => u.role === 'admin' && !u.disabled);
}

/** Disables (ending their sessions) or re-enables a staff user; nobody can lock out themselves or the last admin. */
export async function setDisabled(store: Store, now: Date, actor: AdminAuth, id: string, disabled: boolean): Promise<StaffUser> {
  const user = store.staff.get(id);
  if (!user) throw new AdminError('找不到这个工作人员', 404);
  if (disabled && user.id === actor.user.id) throw new AdminError('不能停用自己的账号');
  if (disabled && user.role === 'admin' && activeAdmins(store).length <= 1) throw new AdminError('这是最后一个可用的系统管理员，不能停用');
  const updated = { ...user, disabled, updatedAt: now.toISOString() };
  await store.staff.put(updated);
  if (disabled) await store.adminSessions.removeForStaff(id);
  return updated;
}

/** Gives a staff user a new generated password they must change at next login; ends their sessions. */
export async function resetPassword(store: Store, now: Date, id: string): Promise<{ user: StaffUser; password: string }> {
  const user = store.staff.get(id);
  if (!user) throw new AdminError('找不到这个工作人员', 404);
  const password = generatePassword();
  const updated = { ...user, passwordHash: await hashPassword(password), mustChangePassword: true, updatedAt: now.toISOString() };
  await store.staff.put(updated);
  await store.adminSessions.removeForStaff(id);
  return { user: updated, password };
}

/** Password change form / JSON body. */
export const passwordChange = z.object({
  currentPassword: z.string().max(200),
  newPassword: z.string().max(200),
});

/** Changes the signed-in user's own password after checking the current one; their other sessions end. */
export async function changeOwnPassword(
  store: Store,
  now: Date,
  auth: AdminAuth,
  input: z.infer<typeof passwordChange>,
): Promise<StaffUser> {
  const user = store.staff.get(auth.user.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) throw new AdminError('当前密码不对', 400);
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw new AdminError(problem);
  if (input.newPassword === input.currentPassword) throw new AdminError('新密码不能与当前密码相同');
  const updated = { ...user, passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, updatedAt: now.toISOString() };
  await store.staff.put(updated);
  await store.adminSessions.removeForStaff(user.id, auth.session.id);
  return updated;
}
