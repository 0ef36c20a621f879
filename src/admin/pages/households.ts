import type { FastifyInstance } from 'fastify';
import { needs } from '../auth/guard.js';
import { can } from '../auth/roles.js';
import { type AdminContext, authOf } from '../context.js';
import { householdDetail, householdFilter, householdItem, householdQuery, places } from '../services/households.js';
import { keepFilters, listParams, parseInput } from '../services/list-query.js';
import { formatYuan } from '../views/charts.js';
import { exportLinks, facts, field, pager, plainOptions, select, table } from '../views/components.js';
import { html } from '../views/html.js';
import { layout, messagePage, sendPage } from '../views/layout.js';

const STATUS_OPTIONS = plainOptions(['未脱贫', '已脱贫', '监测对象']);
const CARD_OPTIONS = plainOptions(['红卡', '蓝卡', '黄卡']);

/** Household search (户编号 / 户主 / 村, township and village filters) and the household detail page. */
export function householdPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/households', needs('households.read'), async (request, reply) => {
    const auth = authOf(request);
    const paging = parseInput(listParams, request.query);
    const filters = parseInput(householdQuery, request.query);
    const found = await ctx.store.households.search({ ...householdFilter(filters), page: paging.page, pageSize: paging.pageSize });
    const { townships, villages } = await places(ctx.store);
    const query = keepFilters(filters);
    const rows = found.items.map((h) => {
      const item = householdItem(h);
      return [
        html`<a href="/admin/households/${encodeURIComponent(item.id)}">${item.id}</a>`,
        item.headName,
        item.idMasked,
        `${item.township} ${item.village}${item.group ? ` ${item.group}` : ''}`,
        item.size,
        item.card ? html`<span class="tag ${item.card}">${item.card}</span>` : '—',
        item.status,
        item.cadreName ?? '—',
      ];
    });
    const body = html`<form method="get" action="/admin/households" class="filters card" role="search">
        ${field('户编号 / 户主 / 村', html`<input type="search" name="q" value="${filters.q}" placeholder="如 H0001 或 张三">`)}
        ${field('乡镇', select('township', plainOptions(townships), filters.township, '全部乡镇'))}
        ${field('村', select('village', plainOptions(villages), filters.village, '全部村'))}
        ${field('脱贫状态', select('status', STATUS_OPTIONS, filters.status, '全部'))}
        ${field('卡类', select('card', CARD_OPTIONS, filters.card, '全部'))}
        <button type="submit">查询</button>
      </form>
      ${can(auth.user.role, 'households.import') && html`<p><a href="/admin/households/import">导入户信息 / 家庭成员 / 帮扶记录</a></p>`}
      ${table(['户编号', '户主', '身份证号', '乡镇 / 村', '人口', '卡类', '状态', '帮扶责任人'], rows)}
      ${pager('/admin/households', query, paging.page, paging.pageSize, found.total)}
      ${exportLinks('/api/admin/households', query)}`;
    return sendPage(reply, layout({ title: '农户查询', auth, active: '/admin/households', body }));
  });

  app.get<{ Params: { id: string } }>('/admin/households/:id', needs('households.read'), async (request, reply) => {
    const auth = authOf(request);
    const detail = await householdDetail(ctx.store, request.params.id);
    if (!detail) return sendPage(reply, messagePage('找不到这一户', `名册里没有户编号“${request.params.id}”。`, auth), 404);
    await ctx.audit(request, { action: 'household.view', target: `household:${request.params.id}` });
    const h = detail.household;
    const cadres = detail.cadres.map((c) => `${c.name}（${c.phone}${c.org ? `，${c.org}` : ''}）`);
    const body = html`<section class="card"><h2>基本情况</h2>${facts([
      ['户编号', h.id],
      ['户主', h.headName],
      ['身份证号', h.idMasked],
      ['联系电话', h.phone],
      ['住址', `${h.county} ${h.township} ${h.village}${h.group ? ` ${h.group}` : ''}`],
      ['家庭人口', h.size],
      ['贫困户属性', h.attribute],
      ['卡类', h.card],
      ['致贫原因', h.causes.join('、')],
      ['脱贫状态', h.status],
      ['脱贫年度', h.exitYear],
      ['监测类型', h.monitorType],
      ['帮扶责任人（名册）', h.cadreName ? `${h.cadreName}${h.cadrePhone ? `（${h.cadrePhone}）` : ''}` : undefined],
      ['帮扶责任人（后台登记）', cadres.join('；')],
      ['已绑定的聊天用户', `${detail.boundChatUsers} 人`],
    ])}</section>
    <section class="card"><h2>家庭成员</h2>${table(
      ['姓名', '与户主关系', '身份证号'],
      detail.members.map((m) => [m.name, m.relation, m.idMasked]),
      '名册里没有登记家庭成员。',
    )}</section>
    <section class="card"><h2>帮扶记录</h2>${table(
      ['日期', '类别', '项目', '金额（元）', '说明'],
      detail.aid.map((r) => [r.date, r.category, r.name, formatYuan(r.amountFen), r.note ?? '']),
      '还没有帮扶记录。',
    )}</section>
    <p><a href="/admin/households">← 返回农户查询</a></p>`;
    return sendPage(reply, layout({ title: `${h.headName}家（${h.id}）`, auth, active: '/admin/households', body }));
  });
}
