import type { FastifyInstance, FastifyRequest } from 'fastify';
import { needs } from '../auth/guard.js';
import { PASSWORD_HINT } from '../auth/password-policy.js';
import { ROLE_LABELS, STAFF_ROLES } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { keepFilters, listParams, pageOf, parseInput } from '../services/list-query.js';
import { createStaff, filterStaff, resetPassword, setDisabled, staffInput, staffQuery } from '../services/staff.js';
import { exportLinks, field, pager, select, table } from '../views/components.js';
import { html } from '../views/html.js';
import { csrfField, layout, type PageOptions, sendPage } from '../views/layout.js';
import { doneNotice, formOf, queryOf } from './form.js';

type ById = { Params: { id: string } };

const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const DONE = { disabled: '账号已停用，其登录已全部退出。', enabled: '账号已恢复。' };

async function staffPage(ctx: AdminContext, request: FastifyRequest, notice?: PageOptions['notice'], values: Record<string, string> = {}) {
  const auth = authOf(request);
  const paging = parseInput(listParams, request.query);
  const filters = parseInput(staffQuery, request.query);
  const all = await filterStaff(ctx.store, filters);
  const action = (id: string, path: string, label: string, kind: string) =>
    html`<form method="post" action="/admin/staff/${encodeURIComponent(id)}/${path}" class="inline">${csrfField(auth)}<button type="submit" class="${kind}">${label}</button></form>`;
  const rows = pageOf(all, paging).map((u) => [
    u.username,
    u.displayName,
    ROLE_LABELS[u.role],
    u.unit,
    u.disabled ? html`<span class="tag off">已停用</span>` : u.mustChangePassword ? '待改初始密码' : '正常',
    u.id === auth.user.id
      ? '（本人）'
      : html`<div class="actions">${u.disabled ? action(u.id, 'enable', '恢复', 'secondary') : action(u.id, 'disable', '停用', 'danger')}${action(u.id, 'password', '重置密码', 'secondary')}</div>`,
  ]);
  const body = html`<form method="get" action="/admin/staff" class="filters card" role="search">
      ${field('用户名 / 姓名 / 单位', html`<input type="search" name="q" value="${filters.q}">`)}
      ${field('角色', select('role', ROLE_OPTIONS, filters.role, '全部'))}
      ${field(
        '状态',
        select(
          'status',
          [
            { value: 'active', label: '正常' },
            { value: 'disabled', label: '已停用' },
          ],
          filters.status,
          '全部',
        ),
      )}
      <button type="submit">查询</button>
    </form>
    ${table(['用户名', '姓名', '角色', '单位', '状态', '操作'], rows)}
    ${pager('/admin/staff', keepFilters(filters), paging.page, paging.pageSize, all.length)}
    ${exportLinks('/api/admin/staff', keepFilters(filters))}
    <section class="card form-narrow"><h2>新增工作人员</h2>
    <form method="post" action="/admin/staff">${csrfField(auth)}
      ${field('用户名', html`<input type="text" name="username" value="${values.username}" required pattern="[A-Za-z0-9_.\\-]{3,32}" autocomplete="off">`, '3–32 位字母、数字、点、横线或下划线')}
      ${field('姓名', html`<input type="text" name="displayName" value="${values.displayName}" maxlength="50">`)}
      ${field('角色', select('role', ROLE_OPTIONS, values.role ?? 'viewer'))}
      ${field('单位', html`<input type="text" name="unit" value="${values.unit}" maxlength="100">`, '投诉会按单位分派给审核员')}
      ${field('初始密码', html`<input type="password" name="password" autocomplete="new-password">`, `留空则自动生成；自己填写时${PASSWORD_HINT}；首次登录须修改`)}
      <button type="submit">创建账号</button>
    </form></section>`;
  return layout({ title: '工作人员', auth, active: '/admin/staff', notice, body });
}

function passwordShown(auth: AdminAuth, username: string, password: string, title: string) {
  const body = html`<section class="card"><p>账号 <b>${username}</b> 的初始密码（只显示这一次，请当面或电话告知本人）：</p>
    <p><span class="secret">${password}</span></p><p>本人首次登录后须修改密码。</p><p><a href="/admin/staff">← 返回工作人员</a></p></section>`;
  return layout({ title, auth, active: '/admin/staff', body });
}

/** Staff management (admin only): list, create, disable / enable, reset password. */
export function staffPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/staff', needs('staff.manage'), async (request, reply) =>
    sendPage(reply, await staffPage(ctx, request, doneNotice(DONE, queryOf(request).done))),
  );

  app.post('/admin/staff', needs('staff.manage'), async (request, reply) => {
    const form = formOf(request);
    try {
      const { user, generatedPassword } = await createStaff(ctx.store, ctx.now(), parseInput(staffInput, form));
      await ctx.audit(request, { action: 'staff.create', target: `staff:${user.id}`, detail: `${user.username}（${user.role}）` });
      if (generatedPassword) return sendPage(reply, passwordShown(authOf(request), user.username, generatedPassword, '账号已创建'), 201);
      return sendPage(reply, await staffPage(ctx, request, { kind: 'ok', text: `账号 ${user.username} 已创建。` }), 201);
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return sendPage(reply, await staffPage(ctx, request, { kind: 'error', text: error.message }, form), error.status);
    }
  });

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<ById>(`/admin/staff/:id/${path}`, needs('staff.manage'), async (request, reply) => {
      try {
        const user = await setDisabled(ctx.store, ctx.now(), authOf(request), request.params.id, disabled);
        await ctx.audit(request, { action: `staff.${path}`, target: `staff:${user.id}`, detail: user.username });
        return reply.redirect(`/admin/staff?done=${disabled ? 'disabled' : 'enabled'}`, 303);
      } catch (error) {
        if (!(error instanceof AdminError)) throw error;
        return sendPage(reply, await staffPage(ctx, request, { kind: 'error', text: error.message }), error.status);
      }
    });
  }

  app.post<ById>('/admin/staff/:id/password', needs('staff.manage'), async (request, reply) => {
    const { user, password } = await resetPassword(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'staff.reset-password', target: `staff:${user.id}`, detail: user.username });
    return sendPage(reply, passwordShown(authOf(request), user.username, password, '密码已重置'));
  });
}
