import dayjs from 'dayjs';
import type { AidRecord } from '../../model/aid.js';
import { localDate } from '../../model/calendar.js';
import type { CardColour, Household } from '../../model/household.js';
import { type Choice, type Reply, reply } from '../../model/reply.js';
import { maskIdNumber } from '../../privacy/id-number.js';
import type { FlowDeps } from '../deps.js';
import { formatDate, formatYuan } from '../format.js';

/** What each card colour means, in the seed speech's words. */
export const CARD_MEANING: Record<CardColour, string> = {
  红卡: '无力无业、贫困程度较重',
  蓝卡: '缺劳力、缺资金、缺技术',
  黄卡: '贫困程度相对较低',
};

/** The actions offered under a household's status card. */
export const STATUS_CHOICES: Choice[] = [
  { id: 'household.payments', label: '详细发放记录' },
  { id: 'household.cadre', label: '联系帮扶干部' },
  { id: 'complaint.start', label: '反映问题' },
  { id: 'household.unbind', label: '解除绑定' },
  { id: 'cmd:menu', label: '菜单' },
];

function statusLine(h: Household): string {
  if (h.status === '已脱贫') return `已脱贫${h.exitYear ? `（${h.exitYear}年）` : ''}，政策还在继续帮扶`;
  if (h.status === '监测对象') {
    const since = h.monitorSince ? `，${formatDate(h.monitorSince)}起` : '';
    return `防返贫监测对象${h.monitorType ? `（${h.monitorType}${since}）` : since}`;
  }
  return '未脱贫，正在帮扶';
}

function lastYear(records: AidRecord[], now: Date): AidRecord[] {
  const cutoff = dayjs(localDate(now)).subtract(1, 'year').format('YYYY-MM-DD');
  return records.filter((r) => r.date >= cutoff);
}

/** The status card of a household, for a verified member: masked ID, card, status, aid, cadre. */
export function statusReplies(deps: FlowDeps, householdId: string, now: Date, prefix = ''): Reply[] {
  const h = deps.store.households.get(householdId);
  if (!h) return [reply('没有找到您家的登记信息，可能已经调整。请联系村里的帮扶干部核实。', [{ id: 'cmd:menu', label: '菜单' }])];
  const recent = lastYear(deps.store.aid.byHousehold(h.id), now);
  const byCategory = new Map<string, number>();
  for (const r of recent) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.amountFen);
  const total = recent.reduce((sum, r) => sum + r.amountFen, 0);
  const lines = [
    `${prefix}【${h.headName}家】身份证 ${maskIdNumber(h.idMasked)}`,
    `地址：${h.township}${h.village}${h.group ? h.group : ''}，${h.size}口人`,
    h.card ? `卡类：${h.card}（${CARD_MEANING[h.card]}）` : '卡类：未分类',
    `状态：${statusLine(h)}`,
    h.causes.length ? `致贫原因：${h.causes.join('、')}` : '',
    recent.length
      ? `近12个月帮扶：共 ${formatYuan(total)}\n${[...byCategory].map(([c, fen]) => `· ${c}：${fen ? formatYuan(fen) : '帮扶措施（不涉及资金）'}`).join('\n')}`
      : '近12个月没有发放记录。',
    recent.length
      ? `最近发放：\n${recent
          .slice(0, 5)
          .map((r) => `· ${r.date} ${r.name} ${formatYuan(r.amountFen)}`)
          .join('\n')}`
      : '',
    h.cadreName ? `帮扶责任人：${h.cadreName}${h.cadrePhone ? ` ${h.cadrePhone}` : ''}` : '帮扶责任人：暂未登记',
  ];
  return [reply(lines.filter(Boolean).join('\n'), STATUS_CHOICES)];
}

const PAGE = 10;

/** All aid records of a household, newest first, one page at a time. */
export function paymentReplies(deps: FlowDeps, householdId: string, page: number): Reply[] {
  const records = deps.store.aid.byHousehold(householdId);
  if (records.length === 0) return [reply('还没有发放记录。有疑问可以问帮扶干部。', STATUS_CHOICES)];
  const shown = records.slice(page * PAGE, (page + 1) * PAGE);
  const lines = shown.map(
    (r) => `· ${r.date} ${r.category}｜${r.name}${r.amountFen ? ` ${formatYuan(r.amountFen)}` : ''}${r.note ? `（${r.note}）` : ''}`,
  );
  const more = (page + 1) * PAGE < records.length ? [{ id: `household.payments:${page + 1}`, label: '下一页' }] : [];
  const header = `发放记录（共 ${records.length} 条，第 ${page + 1} 页）：`;
  return [reply(`${header}\n${lines.join('\n')}`, [...more, ...STATUS_CHOICES.filter((c) => c.id !== 'household.payments')])];
}
