import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '../auth/password-policy.js';
import { ROLE_LABELS } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { changeOwnPassword } from '../services/staff.js';
import { facts, field } from '../views/components.js';
import { html } from '../views/html.js';
import { csrfField, layout, type PageOptions, sendPage } from '../views/layout.js';
import { formOf, queryOf } from './form.js';

function accountPage(auth: AdminAuth, notice: PageOptions['notice']) {
  const u = auth.user;
  return layout({
    title: '我的账号',
    auth,
    notice,
    body: html`<section class="card">${facts([
      ['用户名', u.username],
      ['姓名', u.displayName],
      ['角色', ROLE_LABELS[u.role]],
      ['单位', u.unit],
    ])}</section>
    <section class="card form-narrow"><h2>修改密码</h2>
    <form method="post" action="/admin/account">${csrfField(auth)}
      ${field('当前密码', html`<input type="password" name="currentPassword" autocomplete="current-password" required>`)}
      ${field('新密码', html`<input type="password" name="newPassword" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>`, PASSWORD_HINT)}
      ${field('再输一次新密码', html`<input type="password" name="confirm" autocomplete="new-password" required>`)}
      <button type="submit">保存新密码</button>
    </form></section>`,
  });
}

/** The signed-in user's own account page: details and password change. */
export function accountPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/account', needs('account.self'), async (request, reply) => {
    const auth = authOf(request);
    const first = queryOf(request).first === '1' || auth.user.mustChangePassword;
    const notice = first ? { kind: 'error' as const, text: '为了安全，请先把初始密码改成只有您自己知道的密码。' } : undefined;
    return sendPage(reply, accountPage(auth, notice));
  });

  app.post('/admin/account', needs('account.self'), async (request, reply) => {
    const auth = authOf(request);
    const form = formOf(request);
    try {
      if (form.newPassword !== form.confirm) throw new AdminError('两次输入的新密码不一样');
      const user = await changeOwnPassword(ctx.store, ctx.now(), auth, {
        currentPassword: form.currentPassword ?? '',
        newPassword: form.newPassword ?? '',
      });
      await ctx.audit(request, { action: 'account.password', target: `staff:${user.id}` });
      return sendPage(reply, accountPage({ ...auth, user }, { kind: 'ok', text: '密码已修改；您在其他设备上的登录已退出。' }));
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return sendPage(reply, accountPage(auth, { kind: 'error', text: error.message }), error.status);
    }
  });
}
