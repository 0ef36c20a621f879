import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { ROLE_LABELS } from '../auth/roles.js';
import { type AdminContext, authOf } from '../context.js';
import { type Column, sendExport } from '../services/export-table.js';
import { listParams, pageOf, parseInput } from '../services/list-query.js';
import {
  createStaff,
  filterStaff,
  type PublicStaff,
  publicStaff,
  resetPassword,
  setDisabled,
  staffInput,
  staffQuery,
} from '../services/staff.js';

type ById = { Params: { id: string } };

const staffColumns: Column<PublicStaff>[] = [
  { header: '用户名', value: (u) => u.username },
  { header: '姓名', value: (u) => u.displayName },
  { header: '角色', value: (u) => ROLE_LABELS[u.role] },
  { header: '单位', value: (u) => u.unit },
  { header: '状态', value: (u) => (u.disabled ? '已停用' : '正常') },
  { header: '创建时间', value: (u) => u.createdAt },
];

/** Staff management API (admin only): list / export, create, disable, enable, reset password. */
export function staffApi(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/api/admin/staff', needs('staff.manage'), async (request, reply) => {
    const paging = parseInput(listParams, request.query);
    const all = (await filterStaff(ctx.store, parseInput(staffQuery, request.query))).map(publicStaff);
    if (paging.format) {
      await ctx.audit(request, { action: 'staff.export', detail: `${paging.format}，${all.length} 人` });
      return sendExport(reply, paging.format, 'staff', staffColumns, all, ctx.now());
    }
    return { items: pageOf(all, paging), total: all.length, page: paging.page, pageSize: paging.pageSize };
  });

  app.post('/api/admin/staff', needs('staff.manage'), async (request, reply) => {
    const { user, generatedPassword } = await createStaff(ctx.store, ctx.now(), parseInput(staffInput, request.body));
    await ctx.audit(request, { action: 'staff.create', target: `staff:${user.id}`, detail: `${user.username}（${user.role}）` });
    return reply.code(201).send({ user: publicStaff(user), password: generatedPassword });
  });

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<ById>(`/api/admin/staff/:id/${path}`, needs('staff.manage'), async (request) => {
      const user = await setDisabled(ctx.store, ctx.now(), authOf(request), request.params.id, disabled);
      await ctx.audit(request, { action: `staff.${path}`, target: `staff:${user.id}`, detail: user.username });
      return { user: publicStaff(user) };
    });
  }

  app.post<ById>('/api/admin/staff/:id/password', needs('staff.manage'), async (request) => {
    const { user, password } = await resetPassword(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'staff.reset-password', target: `staff:${user.id}`, detail: user.username });
    return { user: publicStaff(user), password };
  });
}
