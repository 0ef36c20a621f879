import { APPLICATION_STATUSES } from '../../model/application.js';
import type { AuditEntry } from '../../model/audit.js';
import { chinaMinute } from '../../model/calendar.js';
import { COMPLAINT_STATUSES } from '../../model/complaint.js';
import { ROLE_LABELS } from '../auth/roles.js';

/** How an entry's stored `detail` is shown: as is, dropped (it only repeats the item), its export summary, or what follows the name. */
type DetailKind = 'plain' | 'hide' | 'export' | 'rest' | 'transition';

/** One action as people read it: `{item}` is where the record acted on goes. */
type Phrase = { text: string; detail?: DetailKind };

/** What each audit action means, in Chinese: the stored records stay as they were, old ones read the same way. */
export const AUDIT_PHRASES: Record<string, Phrase> = {
  login: { text: '登录' },
  'login.failed': { text: '登录失败', detail: 'hide' },
  logout: { text: '退出登录' },
  'account.password': { text: '修改了自己的密码' },
  'household.view': { text: '查看了农户档案 {item}' },
  'household.export': { text: '导出了农户名单', detail: 'export' },
  'households.import': { text: '导入了名册：{item}' },
  'cadre.create': { text: '新增了帮扶责任人 {item}', detail: 'hide' },
  'cadre.code': { text: '给帮扶责任人 {item} 生成了绑定码', detail: 'hide' },
  'cadre.revoke': { text: '停用了帮扶责任人 {item}', detail: 'rest' },
  'cadre.export': { text: '导出了帮扶责任人名单', detail: 'export' },
  'staff.create': { text: '新增了工作人员 {item}', detail: 'hide' },
  'staff.disable': { text: '停用了工作人员 {item} 的账号', detail: 'hide' },
  'staff.enable': { text: '恢复了工作人员 {item} 的账号', detail: 'hide' },
  'staff.reset-password': { text: '重置了工作人员 {item} 的密码', detail: 'hide' },
  'staff.export': { text: '导出了工作人员名单', detail: 'export' },
  'audit.export': { text: '导出了审计日志', detail: 'export' },
  'complaint.view': { text: '查看了问题 {item}' },
  'complaint.photo': { text: '查看了问题照片 {item}' },
  'complaint.transition': { text: '办理了问题 {item}', detail: 'transition' },
  'complaint.export': { text: '导出了问题台账', detail: 'export' },
  'application.view': { text: '查看了防返贫申报 {item}' },
  'application.transition': { text: '办理了防返贫申报 {item}', detail: 'transition' },
  'application.export': { text: '导出了防返贫申报', detail: 'export' },
  'visit.view': { text: '查看了走访记录 {item}' },
  'visit.photo': { text: '查看了走访照片 {item}' },
  'visit.export': { text: '导出了走访记录', detail: 'export' },
  'content.reload': { text: '重新加载了政策内容' },
};

/** The export filters, in words (a filter left empty is not mentioned). */
const FILTER_WORDS: Record<string, string> = {
  q: '关键词',
  status: '状态',
  category: '类别',
  township: '乡镇',
  village: '村',
  card: '卡类',
  cadreId: '帮扶责任人',
  householdId: '户编号',
  from: '从',
  to: '到',
  overdue: '只看逾期',
  hasProblems: '只看有问题的',
};

/** Filter values that are ids, in words; which table depends on what was exported. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  'complaint.export': COMPLAINT_STATUSES,
  'application.export': APPLICATION_STATUSES,
  'cadre.export': { active: '在岗', revoked: '已停用' },
};

/**
 * Names of what entries refer to, looked up by the caller: `staff:<id>` → "王芳（审核员）", `household:H0001` →
 * "张三户（H0001）", `complaint:<id>` → "ABCD2345", `cadre:<id>` → "刘帮扶", and so on.
 */
export type AuditNames = ReadonlyMap<string, string>;

/** One audit entry as a record people read: who, did what to which item, when. */
export type AuditRecord = { at: string; who: string; what: string; ip: string };

const EXPORT = /^(csv|xlsx)，([^，]+)(?:，筛选 (.*))?$/s;
const TRANSITION = /^(.+?) → (.+?)(?:，承办：(.+))?$/s;

function filterWords(action: string, json: string | undefined, names: AuditNames): string {
  if (!json) return '';
  let filters: Record<string, unknown>;
  try {
    filters = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return '筛选条件过长，未能完整记录';
  }
  const values = VALUE_WORDS[action] ?? {};
  const words = Object.entries(filters).flatMap(([key, value]) => {
    if (value === undefined || value === '' || value === false || value === null) return [];
    const label = FILTER_WORDS[key] ?? key;
    if (value === true) return [label];
    const text = String(value);
    const shown = key === 'cadreId' ? (names.get(`cadre:${text}`) ?? text) : (values[text] ?? text);
    return [`${label} ${shown}`];
  });
  return words.length ? `筛选：${words.join('，')}` : '';
}

function exportDetail(action: string, detail: string, names: AuditNames): string {
  const m = EXPORT.exec(detail);
  if (!m) return detail;
  const filters = filterWords(action, m[3], names);
  return [`${m[1]?.toUpperCase()} 文件，${m[2]}`, filters].filter(Boolean).join('；');
}

/** Who did it: the staff member's name and role, else the name they signed in with. */
function who(entry: AuditEntry, names: AuditNames): string {
  return names.get(`staff:${entry.staffId}`) ?? (entry.username ? `${entry.username}（无此账号）` : '—');
}

/** The item acted on, from the names the caller looked up; a record that is gone is said to be so. */
function item(entry: AuditEntry, names: AuditNames): string {
  if (!entry.target) return '';
  const named = names.get(entry.target);
  if (named) return named;
  // A staff member or cadre that cannot be found is still named by the detail written at the time.
  const [name] = (entry.detail ?? '').split('，');
  if (/^(staff|cadre):/.test(entry.target) && name) {
    return name.replace(/（(\w+)）$/, (_, role: string) => `（${ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role}）`);
  }
  return '（记录已不存在）';
}

function sentence(entry: AuditEntry, names: AuditNames): string {
  const phrase = AUDIT_PHRASES[entry.action];
  if (!phrase) return [`操作 ${entry.action}`, entry.target && names.get(entry.target), entry.detail].filter(Boolean).join(' ');
  const target = item(entry, names);
  const text = phrase.text.includes('{item}') ? phrase.text.replace('{item}', target) : phrase.text;
  const detail = entry.detail ?? '';
  if (!detail) return text;
  switch (phrase.detail ?? 'plain') {
    case 'hide':
      return text;
    case 'export': {
      return `${text}（${exportDetail(entry.action, detail, names)}）`;
    }
    case 'rest': {
      const rest = detail.split('，').slice(1).join('，');
      return rest ? `${text}（${rest}）` : text;
    }
    case 'transition': {
      const m = TRANSITION.exec(detail);
      if (!m) return `${text}：${detail}`;
      const noun = text.replace(/^办理了/, '');
      return m[3] ? `把${noun} 指派给 ${m[3]}（${m[1]} → ${m[2]}）` : `${text}：${m[1]} → ${m[2]}`;
    }
    default:
      return `${text}（${detail}）`;
  }
}

/** An audit entry as a readable record: China time, the person and role, and what they did in Chinese. */
export function auditRecord(entry: AuditEntry, names: AuditNames): AuditRecord {
  return { at: chinaMinute(entry.at), who: who(entry, names), what: sentence(entry, names), ip: entry.ip };
}

/** The label of an action for the filter list (the phrase without its item). */
export function actionLabel(action: string): string {
  const phrase = AUDIT_PHRASES[action]?.text ?? action;
  return phrase.replace(/：\{item\}| ?\{item\} ?/, '').trim();
}
