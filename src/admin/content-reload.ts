import type { FastifyInstance, FastifyRequest } from 'fastify';
import { needs } from './auth/guard.js';
import { type AdminContext, authOf } from './context.js';
import { doneNotice, queryOf } from './pages/form.js';
import { html } from './views/html.js';
import { csrfField, layout, sendPage } from './views/layout.js';

/** Re-reads content/ (policy topics, synonyms) in the running bot; resolves to the number of topics loaded. */
export type ReloadContent = () => Promise<number>;

async function reloadAudited(ctx: AdminContext, request: FastifyRequest, reload: ReloadContent) {
  try {
    const topics = await reload();
    await ctx.audit(request, { action: 'content.reload', detail: `${topics} 个政策条目` });
    return { ok: true as const, topics };
  } catch (error) {
    return { ok: false as const, error: (error as Error).message };
  }
}

/** `POST /api/admin/content/reload` (admin only): re-reads content/ in the running bot; a broken file is reported and the old content stays. */
export function contentReloadApi(api: FastifyInstance, ctx: AdminContext, reload: ReloadContent): void {
  api.post('/api/admin/content/reload', needs('content.manage'), async (request, reply) => {
    const result = await reloadAudited(ctx, request, reload);
    return result.ok ? { topics: result.topics } : reply.code(400).send({ error: `内容文件有错误，仍在使用原来的内容：${result.error}` });
  });
}

/** `/admin/content` (admin only): a button that reloads the policy content after staff edited files under content/. */
export function contentReloadPages(pages: FastifyInstance, ctx: AdminContext, reload: ReloadContent): void {
  const page = (request: FastifyRequest, notice?: { kind: 'ok' | 'error'; text: string }) => {
    const auth = authOf(request);
    const body = html`<div class="card form-narrow">
      <p>修改 <code>content/policies/</code> 下的政策文件（或 <code>content/knowledge/</code> 下的同义词）之后，点下面的按钮，机器人马上按新内容回答，不用重启。</p>
      <form method="post" action="/admin/content">${csrfField(auth)}<button type="submit">重新载入政策内容</button></form>
    </div>`;
    return layout({ title: '政策内容', auth, active: '/admin/content', notice, body });
  };
  pages.get('/admin/content', needs('content.manage'), async (request, reply) =>
    sendPage(reply, page(request, doneNotice({ reloaded: '已重新载入政策内容。' }, queryOf(request).done))),
  );
  pages.post('/admin/content', needs('content.manage'), async (request, reply) => {
    const result = await reloadAudited(ctx, request, reload);
    if (result.ok) return reply.redirect('/admin/content?done=reloaded', 303);
    return sendPage(reply.code(400), page(request, { kind: 'error', text: `内容文件有错误，仍在使用原来的内容：${result.error}` }));
  });
}
