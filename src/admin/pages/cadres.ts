import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { can } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { cadreInput, cadreItem, cadreQuery, createCadre, issueCode, revokeCadre, splitList } from '../services/cadres.js';
import { keepFilters, listParams, parseInput } from '../services/list-query.js';
import { exportLinks, field, pager, select, table } from '../views/components.js';
import { dateTime } from '../views/format.js';
import { html } from '../views/html.js';
import { csrfField, layout, type PageOptions, sendPage } from '../views/layout.js';
import { doneNotice, formOf, queryOf } from './form.js';

type ById = { Params: { id: string } };

const STATUS_OPTIONS = [
  { value: 'active', label: '在岗' },
  { value: 'revoked', label: '已停用' },
];
const DONE = { revoked: '已停用该帮扶责任人，并解除了其聊天账号绑定。' };

function newCadreForm(auth: AdminAuth, values: Record<string, string>, notice?: PageOptions['notice']) {
  const body = html`<form method="post" action="/admin/cadres" class="card form-narrow">${csrfField(auth)}
    ${field('姓名', html`<input type="text" name="name" value="${values.name}" required maxlength="50">`)}
    ${field('手机号', html`<input type="tel" name="phone" value="${values.phone}" required inputmode="tel">`, '只在后台以脱敏形式显示')}
    ${field('单位', html`<input type="text" name="org" value="${values.org}" maxlength="100">`, '如 县农业农村局')}
    ${field('包村', html`<textarea name="villages">${values.villages}</textarea>`, '每行一个村名，负责全村的户')}
    ${field('包户（户编号）', html`<textarea name="householdIds">${values.householdIds}</textarea>`, '每行一个户编号；和包村可以同时填')}
    <button type="submit">创建并生成绑定码</button>
  </form>`;
  return layout({ title: '新增帮扶责任人', auth, active: '/admin/cadres', notice, body });
}

function codePage(auth: AdminAuth, name: string, code: string, expiresAt: string) {
  const body = html`<section class="card">
    <p>请把下面的绑定码交给 <b>${name}</b>，由本人发给“帮扶助手”聊天机器人完成绑定：</p>
    <p><span class="secret" id="enrolment-code">${code}</span></p>
    <p>有效期至 <b>${dateTime(expiresAt)}</b>，只能使用一次。<b>绑定码只显示这一次</b>，系统里只保存它的摘要；丢了可以重新生成。</p>
    <p><a href="/admin/cadres">← 返回帮扶责任人列表</a></p>
  </section>`;
  return layout({ title: '绑定码', auth, active: '/admin/cadres', notice: { kind: 'ok', text: '绑定码已生成。' }, body });
}

/** Cadre list, creation with a one-time enrolment code, new code, revoke. */
export function cadrePages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/cadres', needs('cadres.read'), async (request, reply) => {
    const auth = authOf(request);
    const manage = can(auth.user.role, 'cadres.manage');
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(cadreQuery, request.query);
    const found = await ctx.store.cadres.search({ ...filters, page: paging.page, pageSize: paging.pageSize });
    const query = keepFilters(filters);
    const items = await Promise.all(found.items.map((c) => cadreItem(ctx.store, ctx.now(), c)));
    const rows = items.map((item) => {
      const accounts = item.boundAccounts.map((a) => `${a.channel}：${a.user}`).join('、');
      const actions =
        manage &&
        item.status === 'active' &&
        html`<div class="actions">
          <form method="post" action="/admin/cadres/${encodeURIComponent(item.id)}/code" class="inline">${csrfField(auth)}<button type="submit" class="secondary">${item.codePending ? '重新生成绑定码' : '生成绑定码'}</button></form>
          <form method="post" action="/admin/cadres/${encodeURIComponent(item.id)}/revoke" class="inline">${csrfField(auth)}<button type="submit" class="danger">停用</button></form>
        </div>`;
      return [
        item.name,
        item.phone,
        item.org ?? '',
        [...item.villages, ...item.householdIds].join('、') || '—',
        item.householdCount,
        item.status === 'active' ? '在岗' : html`<span class="tag off">已停用</span>`,
        accounts || (item.codePending ? `绑定码待使用（至 ${dateTime(item.codeExpiresAt)}）` : '未绑定'),
        actions || '',
      ];
    });
    const body = html`<form method="get" action="/admin/cadres" class="filters card" role="search">
        ${field('姓名 / 单位', html`<input type="search" name="q" value="${filters.q}">`)}
        ${field('包村', html`<input type="search" name="village" value="${filters.village}">`)}
        ${field('状态', select('status', STATUS_OPTIONS, filters.status, '全部'))}
        <button type="submit">查询</button>
      </form>
      ${manage && html`<p><a class="button" href="/admin/cadres/new">新增帮扶责任人</a></p>`}
      ${table(['姓名', '电话', '单位', '包村 / 包户', '户数', '状态', '聊天账号', '操作'], rows)}
      ${pager('/admin/cadres', query, paging.page, paging.pageSize, found.total)}
      ${exportLinks('/api/admin/cadres', query)}`;
    const notice = doneNotice(DONE, queryOf(request).done);
    return sendPage(reply, layout({ title: '帮扶责任人', auth, active: '/admin/cadres', notice, body }));
  });

  app.get('/admin/cadres/new', needs('cadres.manage'), async (request, reply) => sendPage(reply, newCadreForm(authOf(request), {})));

  app.post('/admin/cadres', needs('cadres.manage'), async (request, reply) => {
    const auth = authOf(request);
    const form = formOf(request);
    try {
      const input = parseInput(cadreInput, { ...form, villages: splitList(form.villages), householdIds: splitList(form.householdIds) });
      const { cadre, enrolmentCode, expiresAt } = await createCadre(ctx.store, ctx.now(), input);
      await ctx.audit(request, { action: 'cadre.create', target: `cadre:${cadre.id}`, detail: cadre.name });
      return sendPage(reply, codePage(auth, cadre.name, enrolmentCode, expiresAt), 201);
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return sendPage(reply, newCadreForm(auth, form, { kind: 'error', text: error.message }), error.status);
    }
  });

  app.post<ById>('/admin/cadres/:id/code', needs('cadres.manage'), async (request, reply) => {
    const { cadre, enrolmentCode, expiresAt } = await issueCode(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'cadre.code', target: `cadre:${cadre.id}`, detail: cadre.name });
    return sendPage(reply, codePage(authOf(request), cadre.name, enrolmentCode, expiresAt));
  });

  app.post<ById>('/admin/cadres/:id/revoke', needs('cadres.manage'), async (request, reply) => {
    const { cadre, unbound } = await revokeCadre(ctx.store, ctx.now(), request.params.id);
    await ctx.audit(request, { action: 'cadre.revoke', target: `cadre:${cadre.id}`, detail: `${cadre.name}，解除绑定 ${unbound} 个` });
    return reply.redirect('/admin/cadres?done=revoked', 303);
  });
}
