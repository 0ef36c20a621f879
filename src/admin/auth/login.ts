import type { FastifyRequest } from 'fastify';
import type { AdminSession, StaffUser } from '../../model/staff.js';
import type { AdminContext } from '../context.js';
import { burnPasswordCheck, verifyPassword } from './password.js';

/** The outcome of a login attempt: a new session, or a status and a message to show. */
export type LoginOutcome =
  | { ok: true; user: StaffUser; token: string; session: AdminSession }
  | { ok: false; status: 401 | 403 | 429; message: string; retryAfterSeconds?: number };

/** Checks credentials under the per-client limits (with backoff) and starts a session; failures are counted and audited. */
export async function attemptLogin(ctx: AdminContext, request: FastifyRequest, username: string, password: string): Promise<LoginOutcome> {
  const ip = request.ip;
  const name = username.trim().slice(0, 100);
  const wait = ctx.limiter.waitMs(name, ip);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    const message = `登录失败次数过多，请稍后再试（最多等 ${minutes} 分钟）。忘记密码请联系系统管理员重置。`;
    return { ok: false, status: 429, message, retryAfterSeconds: Math.ceil(wait / 1000) };
  }
  const user = ctx.store.staff.byUsername(name);
  let ok = false;
  if (user) ok = await verifyPassword(password, user.passwordHash);
  else await burnPasswordCheck(password);
  if (!user || !ok) {
    await ctx.limiter.recordFailure(name, ip);
    await ctx.audit(request, { action: 'login.failed', detail: name, actor: user ?? { id: '', username: name } });
    return { ok: false, status: 401, message: '用户名或密码不对' };
  }
  if (user.disabled) return { ok: false, status: 403, message: '这个账号已停用，请联系系统管理员' };
  const { token, session } = await ctx.sessions.start(user, ip);
  await ctx.audit(request, { action: 'login', actor: user });
  return { ok: true, user, token, session };
}
