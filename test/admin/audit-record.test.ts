import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_PHRASES, actionLabel, auditRecord } from '../../src/admin/views/audit-record.js';
import type { AuditEntry } from '../../src/model/audit.js';

const NAMES = new Map([
  ['staff:s1', '王芳（系统管理员）'],
  ['staff:s2', '李科长（审核员）'],
  ['household:H0001', '张三户（H0001）'],
  ['complaint:c1', 'ABCD2345'],
  ['application:a1', 'EFGH6789'],
  ['visit:v1', '张三户（H0001） 2025-03-17'],
  ['cadre:k1', '刘帮扶'],
  ['import:households', '户信息'],
]);

function entry(action: string, target?: string, detail?: string): AuditEntry {
  return {
    id: 'e1',
    at: '2026-11-29T16:30:00.000Z',
    staffId: 's1',
    username: 'admin',
    action,
    ...(target ? { target } : {}),
    ...(detail ? { detail } : {}),
    ip: '10.0.0.8',
  };
}

// The stored entries exactly as the dashboard writes them (and wrote them before the log became readable).
const CASES: [string, AuditEntry, string][] = [
  ['a login', entry('login'), '登录'],
  ['a failed login', entry('login.failed', undefined, 'admin'), '登录失败'],
  ['a logout', entry('logout'), '退出登录'],
  ['a password change', entry('account.password', 'staff:s1'), '修改了自己的密码'],
  ['a household read', entry('household.view', 'household:H0001'), '查看了农户档案 张三户（H0001）'],
  [
    'a household export with filters',
    entry('household.export', undefined, 'csv，1 户，筛选 {"village":"神山村","q":""}'),
    '导出了农户名单（CSV 文件，1 户；筛选：村 神山村）',
  ],
  ['an export without filters', entry('complaint.export', undefined, 'xlsx，3 条，筛选 {}'), '导出了问题台账（XLSX 文件，3 条）'],
  [
    'a complaint export by status and overdue',
    entry('complaint.export', undefined, 'csv，2 条，筛选 {"status":"accepted","overdue":true,"category":"干部作风问题"}'),
    '导出了问题台账（CSV 文件，2 条；筛选：状态 已受理，只看逾期，类别 干部作风问题）',
  ],
  [
    'an application export by status',
    entry('application.export', undefined, 'csv，1 条，筛选 {"status":"checking"}'),
    '导出了防返贫申报（CSV 文件，1 条；筛选：状态 入户核查）',
  ],
  [
    'a visit export by cadre and dates',
    entry('visit.export', undefined, 'csv，4 次，筛选 {"cadreId":"k1","from":"2025-03-01","to":"2025-03-31"}'),
    '导出了走访记录（CSV 文件，4 次；筛选：帮扶责任人 刘帮扶，从 2025-03-01，到 2025-03-31）',
  ],
  ['a cadre export', entry('cadre.export', undefined, 'csv，2 人'), '导出了帮扶责任人名单（CSV 文件，2 人）'],
  ['a staff export', entry('staff.export', undefined, 'csv，3 人'), '导出了工作人员名单（CSV 文件，3 人）'],
  ['an audit export', entry('audit.export', undefined, 'xlsx，12 条'), '导出了审计日志（XLSX 文件，12 条）'],
  [
    'a registry import',
    entry('households.import', 'import:households', 'hh.csv：已导入 3 户'),
    '导入了名册：户信息（hh.csv：已导入 3 户）',
  ],
  ['a new cadre', entry('cadre.create', 'cadre:k1', '刘帮扶'), '新增了帮扶责任人 刘帮扶'],
  ['an enrolment code', entry('cadre.code', 'cadre:k1', '刘帮扶'), '给帮扶责任人 刘帮扶 生成了绑定码'],
  ['a revoked cadre', entry('cadre.revoke', 'cadre:k1', '刘帮扶，解除绑定 2 个'), '停用了帮扶责任人 刘帮扶（解除绑定 2 个）'],
  ['a new staff member', entry('staff.create', 'staff:s2', 'likz（reviewer）'), '新增了工作人员 李科长（审核员）'],
  ['a staff member no longer found', entry('staff.create', 'staff:gone', 'zhao（supervisor）'), '新增了工作人员 zhao（监督员）'],
  ['a disabled account', entry('staff.disable', 'staff:s2', 'likz'), '停用了工作人员 李科长（审核员） 的账号'],
  ['an enabled account', entry('staff.enable', 'staff:s2', 'likz'), '恢复了工作人员 李科长（审核员） 的账号'],
  ['a password reset', entry('staff.reset-password', 'staff:s2', 'likz'), '重置了工作人员 李科长（审核员） 的密码'],
  ['a complaint read', entry('complaint.view', 'complaint:c1'), '查看了问题 ABCD2345'],
  ['a complaint photo', entry('complaint.photo', 'complaint:c1', '照片 2'), '查看了问题照片 ABCD2345（照片 2）'],
  [
    'a complaint assigned',
    entry('complaint.transition', 'complaint:c1', '已登记 → 已受理，承办：茅坪乡人民政府'),
    '把问题 ABCD2345 指派给 茅坪乡人民政府（已登记 → 已受理）',
  ],
  ['a complaint moved on', entry('complaint.transition', 'complaint:c1', '整改中 → 待核实'), '办理了问题 ABCD2345：整改中 → 待核实'],
  ['an application read', entry('application.view', 'application:a1'), '查看了防返贫申报 EFGH6789'],
  [
    'an application decided',
    entry('application.transition', 'application:a1', '评议公示 → 纳入监测（突发严重困难户）'),
    '办理了防返贫申报 EFGH6789：评议公示 → 纳入监测（突发严重困难户）',
  ],
  ['a visit read', entry('visit.view', 'visit:v1'), '查看了走访记录 张三户（H0001） 2025-03-17'],
  ['a visit photo', entry('visit.photo', 'visit:v1', '照片 1'), '查看了走访照片 张三户（H0001） 2025-03-17（照片 1）'],
  ['a content reload', entry('content.reload', undefined, '41 个政策条目'), '重新加载了政策内容（41 个政策条目）'],
  ['a complaint that is gone', entry('complaint.view', 'complaint:zz'), '查看了问题 （记录已不存在）'],
];

describe('audit records people read', () => {
  it.each(CASES)('%s', (_, stored, what) => {
    expect(auditRecord(stored, NAMES)).toEqual({ at: '2026-11-30 00:30', who: '王芳（系统管理员）', what, ip: '10.0.0.8' });
  });

  it('has a case for every action the dashboard records', () => {
    const covered = new Set(CASES.map(([, e]) => e.action));
    expect(Object.keys(AUDIT_PHRASES).filter((a) => !covered.has(a))).toEqual([]);
  });

  it('never shows an internal id, a role id, a JSON filter or a UTC timestamp', () => {
    for (const [, stored] of CASES) {
      const r = auditRecord(stored, NAMES);
      const text = `${r.at} ${r.who} ${r.what}`;
      expect(text).not.toMatch(
        /\b(staff|household|complaint|application|visit|cadre|import):|reviewer|supervisor|筛选 \{|\{"|T\d{2}:\d{2}/,
      );
    }
  });

  it('names someone who tried to sign in with an unknown name by that name', () => {
    const stranger = { ...entry('login.failed', undefined, 'nobody'), staffId: '', username: 'nobody' };
    expect(auditRecord(stranger, NAMES).who).toBe('nobody（无此账号）');
  });

  it('shows an action it does not know by its code rather than hiding it', () => {
    expect(auditRecord(entry('notice.send', 'notice:n1', '2 个村'), NAMES).what).toBe('操作 notice.send 2 个村');
  });

  it('has a phrase for every action the code records', async () => {
    const files = (await readdir('src', { recursive: true })).filter((f) => f.endsWith('.ts'));
    const recorded = new Set<string>();
    for (const file of files) {
      for (const m of (await readFile(join('src', file), 'utf8')).matchAll(/(?:[{,]|^)\s*action: '([a-z][\w.-]*)'/gm))
        recorded.add(m[1] as string);
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((a) => !(a in AUDIT_PHRASES))).toEqual([]);
  });

  it.each([
    ['household.view', '查看了农户档案'],
    ['staff.disable', '停用了工作人员的账号'],
    ['households.import', '导入了名册'],
    ['cadre.code', '给帮扶责任人生成了绑定码'],
  ])('labels %s as %s in the filter list', (action, label) => {
    expect(actionLabel(action)).toBe(label);
  });
});
