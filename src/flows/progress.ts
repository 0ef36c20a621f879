import type { Flow } from '../core/flow.js';
import { say } from '../core/outcome.js';
import { looksLikeCode, normaliseCode } from '../core/short-code.js';
import type { ComplaintService } from '../ledger/complaint-service.js';
import { APPLICATION_STATUSES, type Application } from '../model/application.js';
import type { Complaint } from '../model/complaint.js';
import { COMPLAINT_STATUSES } from '../model/complaint.js';
import { type Reply, reply } from '../model/reply.js';
import type { Store } from '../store/legacy-store.js';
import { formatDate } from './format.js';

/** A ledger item as its reporter sees it: no staff names, no other reporters. */
export type TrackedItem = { code: string; title: string; status: string; createdAt: string; timeline: string[] };

/** One kind of ledger item that can be looked up by tracking code (complaints; hardship applications). */
export type Tracker = {
  byCode(code: string): TrackedItem | undefined;
  byReporter(channel: string, userId: string): TrackedItem[];
};

const CODE_IN_TEXT = /[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]{8}/;
const MENU = { id: 'cmd:menu', label: '菜单' };

/** Tracks complaints: timeline of status changes, with the reasons staff gave for rejections and closings. */
export function complaintTracker(store: Store, complaints: Pick<ComplaintService, 'reportedBy'>): Tracker {
  const view = (c: Complaint): TrackedItem => ({
    code: c.trackingCode,
    title: c.category,
    status: COMPLAINT_STATUSES[c.status],
    createdAt: c.createdAt,
    timeline: c.history.map((e) => {
      const note = e.note && (e.to === 'rejected' || e.to === 'closed' || e.by === '反映人') ? `：${e.note}` : '';
      return `${formatDate(e.at)} ${COMPLAINT_STATUSES[e.to]}${note}`;
    }),
  });
  return {
    byCode: (code) => {
      const c = store.complaints.byTrackingCode(code);
      return c ? view(c) : undefined;
    },
    byReporter: (channel, userId) => complaints.reportedBy({ channel, userId }).map(view),
  };
}

/** Tracks hardship applications the same way. */
export function applicationTracker(store: Store): Tracker {
  const view = (a: Application): TrackedItem => ({
    code: a.trackingCode,
    title: `困难申报：${a.event}`,
    status: APPLICATION_STATUSES[a.status],
    createdAt: a.createdAt,
    timeline: a.history
      .filter((e) => e.from !== e.to)
      .map((e) => `${formatDate(e.at)} ${APPLICATION_STATUSES[e.to]}${e.to === 'declined' && e.note ? `：${e.note}` : ''}`),
  });
  return {
    byCode: (code) => {
      const a = store.applications.byTrackingCode(code);
      return a ? view(a) : undefined;
    },
    byReporter: (channel, userId) => store.applications.byReporterAddress(channel, userId).map(view),
  };
}

function itemReply(item: TrackedItem): Reply {
  return reply(`查询码 ${item.code}｜${item.title}\n现在：${item.status}\n${item.timeline.join('\n')}`, [MENU]);
}

/**
 * 查询进度: anyone with a tracking code sees its status and history; a reporter can list their own items. The
 * list's choices carry positions, not tracking codes: the choices shown last are saved with the session, and a
 * code there would tie the chat account to an anonymous complaint.
 */
export function progressFlow(trackers: Tracker[]): Flow {
  const find = (code: string) => trackers.map((t) => t.byCode(code)).find(Boolean);
  // Oldest first, so an item keeps its position when newer ones are added between the list and the tap.
  const mineOf = (channel: string, userId: string) =>
    trackers.flatMap((t) => t.byReporter(channel, userId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    id: 'progress',
    menu: { label: '查询进度', order: 50, audiences: ['guest', 'household', 'cadre'] },
    triggers: /查询?进度|办理情况|办到哪|我反映的|我的反映|我的申请/,
    start: (ctx) => {
      const typed = CODE_IN_TEXT.exec(ctx.incoming.text ?? '')?.[0];
      const item = typed ? find(normaliseCode(typed)) : undefined;
      if (item) return say(itemReply(item));
      const mine = mineOf(ctx.incoming.channel, ctx.incoming.userId);
      const list = mine
        .map((i, n) => ({ id: `progress.show:${n}`, label: `${i.title}（${i.status}，${formatDate(i.createdAt)}）` }))
        .reverse()
        .slice(0, 8);
      const hint = typed ? `没有找到查询码 ${normaliseCode(typed)}，请核对一下。` : '请把查询码（8 位字母和数字）发给我。';
      return say(reply(list.length ? `${hint}\n您反映过的事情：` : hint, [...list, MENU]));
    },
    actions: {
      show: (ctx, position) => {
        const item = mineOf(ctx.incoming.channel, ctx.incoming.userId)[Number(position)];
        return say(item ? itemReply(item) : reply('没有找到这一条，请重新查询。', [MENU]));
      },
    },
    fallback: (text) => {
      if (!looksLikeCode(text, 8)) return undefined;
      const item = find(normaliseCode(text));
      return item ? say(itemReply(item)) : undefined;
    },
  };
}
