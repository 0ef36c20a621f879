import type { Store } from '../../store/legacy-store.js';
import { can, type Permission } from '../auth/roles.js';
import type { AdminAuth } from '../auth/sessions.js';
import type { SafeHtml } from '../views/html.js';

/** What a section provider may look at. */
export type OverviewContext = { store: Store; now: Date; auth: AdminAuth };

/** A panel of the overview page; later features (complaints, visits) add theirs to the plugin's `overviewSections`. */
export type OverviewSection = {
  id: string;
  title: string;
  /** Who sees the panel (and its key in `GET /api/admin/overview`). */
  permission: Permission;
  build(ctx: OverviewContext): { data: unknown; render: () => SafeHtml };
};

/** Declares a section from a data collector and a renderer of that data, keeping the two in step by type. */
export function defineSection<T>(section: {
  id: string;
  title: string;
  permission?: Permission;
  collect: (ctx: OverviewContext) => T;
  render: (data: T) => SafeHtml;
}): OverviewSection {
  return {
    id: section.id,
    title: section.title,
    permission: section.permission ?? 'overview.read',
    build: (ctx) => {
      const data = section.collect(ctx);
      return { data, render: () => section.render(data) };
    },
  };
}

/** The sections this user may see, built once for both the page and the API. */
export function buildOverview(sections: readonly OverviewSection[], ctx: OverviewContext) {
  return sections.filter((s) => can(ctx.auth.user.role, s.permission)).map((s) => ({ id: s.id, title: s.title, ...s.build(ctx) }));
}
