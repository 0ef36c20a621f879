import type { FastifyReply } from 'fastify';
import { CSRF_FIELD } from '../auth/csrf.js';
import { can, type Permission, ROLE_LABELS } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type HtmlValue, html, type SafeHtml } from './html.js';

type NavItem = { href: string; label: string; permission: Permission };

const NAV: NavItem[] = [
  { href: '/admin/overview', label: '概览', permission: 'overview.read' },
  { href: '/admin/complaints', label: '问题台账', permission: 'complaints.read' },
  { href: '/admin/applications', label: '防返贫申报', permission: 'applications.read' },
  { href: '/admin/visits', label: '走访', permission: 'visits.read' },
  { href: '/admin/coverage', label: '走访覆盖', permission: 'visits.read' },
  { href: '/admin/households', label: '农户', permission: 'households.read' },
  { href: '/admin/households/import', label: '导入', permission: 'households.import' },
  { href: '/admin/cadres', label: '帮扶责任人', permission: 'cadres.read' },
  { href: '/admin/wechat', label: '微信', permission: 'overview.read' },
  { href: '/admin/content', label: '政策内容', permission: 'content.manage' },
  { href: '/admin/staff', label: '工作人员', permission: 'staff.manage' },
  { href: '/admin/audit', label: '审计日志', permission: 'audit.read' },
];

/** What every dashboard page passes to the layout. */
export type PageOptions = {
  title: string;
  auth?: AdminAuth;
  /** The nav entry to highlight. */
  active?: string;
  notice?: { kind: 'ok' | 'error'; text: string };
  body: HtmlValue;
};

/** The hidden CSRF field for a form of this session. */
export function csrfField(auth: AdminAuth): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${auth.session.csrfToken}">`;
}

function navigation(auth: AdminAuth, active: string | undefined): SafeHtml {
  const items = NAV.filter((item) => can(auth.user.role, item.permission)).map(
    (item) => html`<a href="${item.href}"${item.href === active ? html` class="active" aria-current="page"` : ''}>${item.label}</a>`,
  );
  return html`<nav class="nav" aria-label="主导航">${items}</nav>
    <div class="me">
      <span class="who">${auth.user.displayName || auth.user.username}<small>${ROLE_LABELS[auth.user.role]}</small></span>
      <a href="/admin/account">修改密码</a>
      <form method="post" action="/admin/logout" class="inline">${csrfField(auth)}<button type="submit" class="link">退出</button></form>
    </div>`;
}

/** The whole HTML document: header with navigation (for signed-in staff), notice, title and body. */
export function layout({ title, auth, active, notice, body }: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 帮扶助手管理后台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/static/admin.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/admin/overview">帮扶助手<span>管理后台</span></a>
  ${auth && navigation(auth, active)}
</header>
<main>
  ${notice && html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>`}
  <h1>${title}</h1>
  ${body}
</main>
<footer>帮扶助手 · 含个人信息，请勿截图外传；所有查看与修改都会记入审计日志。</footer>
</body>
</html>`;
}

/** Sends a page as HTML that no cache may keep (pages show personal data). */
export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
}

/** A short page that only says something (errors, "not allowed"). */
export function messagePage(title: string, text: string, auth?: AdminAuth): SafeHtml {
  return layout({ title, auth, body: html`<p class="lead">${text}</p><p><a href="/admin/overview">返回概览</a></p>` });
}
