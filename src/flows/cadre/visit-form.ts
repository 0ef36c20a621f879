import type { Flow } from '../../core/flow.js';
import type { Answers, Field, ParseResult, TurnContext } from '../../core/form/types.js';
import { say } from '../../core/outcome.js';
import { matchKey } from '../../core/text.js';
import { addDays, daysBetween, localDate } from '../../model/calendar.js';
import { type Choice, reply } from '../../model/reply.js';
import { CHECKLIST, type ChecklistKey, type ChecklistResult, type Visit, type VisitAttachment } from '../../model/visit.js';
import { householdsDue } from '../../visits/coverage.js';
import type { VisitService } from '../../visits/visit-service.js';
import { readDate } from '../date-input.js';
import type { FlowDeps } from '../deps.js';
import { parseAmount, parseFreeText } from '../fields.js';
import { canSend, mediaPrefill } from '../media-field.js';
import { boundCadre } from './households.js';

/** What the visit form needs beyond the common deps. */
export type VisitFlowDeps = FlowDeps & { visits: VisitService };

const OPEN_APPLICATION = new Set(['submitted', 'checking', 'reviewing']);

const PAGE = 8;
const LATE_DAYS = 30;
const NEXT_VISIT_DAYS = 30;
const MORE: Choice = { id: 'more', label: '下一页' };
const MEDIA_WORDS = [
  { kind: 'image', word: '照片' },
  { kind: 'location', word: '位置' },
] as const;

/** "照片或位置", or only what the user's channel can send. */
function mediaWords(answers: Answers): string {
  return MEDIA_WORDS.filter((m) => canSend(answers, m.kind))
    .map((m) => m.word)
    .join('或');
}
const PASS: Choice[] = [
  { id: 'pass', label: '达标' },
  { id: 'fail', label: '不达标' },
];

function householdField(deps: VisitFlowDeps): Field {
  const due = async (ctx: TurnContext) => {
    const cadre = await boundCadre(deps, ctx);
    return cadre ? householdsDue(deps.store, cadre, ctx.now, deps.config.VISIT_OVERDUE_DAYS) : [];
  };
  return {
    key: 'householdId',
    label: '走访户',
    when: (a) => a.preselected !== true,
    prompt: '走访的是哪一户？点选项（最久没走访的在前），或直接打户编号、户主姓名：',
    choices: async (a, ctx) => {
      const page = Number(a.page ?? 0);
      const rows = await due(ctx);
      const shown = rows.slice(page * PAGE, (page + 1) * PAGE).map((r) => ({
        id: `hh:${r.household.id}`,
        label: `${r.household.headName}（${r.household.id}，${r.daysSince === undefined ? '未走访过' : `${r.daysSince}天未访`}）`,
      }));
      return (page + 1) * PAGE < rows.length ? [...shown, MORE] : shown;
    },
    parse: async ({ text, choice }, answers, ctx): Promise<ParseResult> => {
      if (choice?.id === MORE.id) {
        answers.page = Number(answers.page ?? 0) + 1;
        return { ok: false, reason: '下一页：', free: true };
      }
      const mine = (await due(ctx)).map((r) => r.household);
      const picked = choice?.id.startsWith('hh:')
        ? mine.filter((h) => h.id === choice.id.slice(3))
        : mine.filter((h) => h.id === text.trim() || h.headName === matchKey(text));
      const [one] = picked;
      if (picked.length === 1 && one) {
        answers.openApplication = (await deps.store.applications.byHousehold(one.id)).find((x) => OPEN_APPLICATION.has(x.status))?.id;
        return { ok: true, value: one.id, shown: `${one.headName}（${one.id}）` };
      }
      if (picked.length > 1) return { ok: false, reason: '有几户同名，请打户编号。' };
      return { ok: false, reason: '这户不在您的帮扶名单里，请从选项里选，或核对户编号。' };
    },
    example: '回复 1，或打户编号 H001',
  };
}

async function lastVisitSummary(deps: VisitFlowDeps, householdId: string): Promise<string> {
  const last = await deps.store.visits.lastFor(householdId);
  if (!last) return '这户还没有走访记录。';
  const failed = CHECKLIST.filter((c) => !last.checklist[c.key].ok).map((c) => c.label);
  return [
    `上次走访：${last.date}`,
    `发现的问题：${[...failed.map((f) => `${f}不达标`), last.problems].filter(Boolean).join('；') || '无'}`,
    `承诺的措施：${last.measures}`,
  ].join('\n');
}

function checklistFields(): Field[] {
  return CHECKLIST.flatMap((item): Field[] => [
    { key: `ck_${item.key}`, label: item.label, prompt: `「${item.label}」达标吗？`, choices: PASS, example: '回复 1 达标，2 不达标' },
    {
      key: `ck_${item.key}_reason`,
      label: `${item.label}不达标原因`,
      when: (a) => a[`ck_${item.key}`] === 'fail',
      prompt: `「${item.label}」哪里不达标？请简单写一下：`,
      parse: ({ text }) => parseFreeText(text, 2, 200),
      example: '屋顶漏雨，墙体有裂缝',
    },
  ]);
}

function parseMedia({ incoming }: { incoming: TurnContext['incoming'] }): ParseResult {
  if (incoming.kind === 'image' && incoming.attachment) {
    const value: VisitAttachment = { kind: 'image', path: incoming.attachment.path, mime: incoming.attachment.mime };
    return { ok: true, value, shown: '照片 1 张' };
  }
  if (incoming.kind === 'location' && incoming.location) {
    return { ok: true, value: { kind: 'location', ...incoming.location } satisfies VisitAttachment, shown: '位置 1 个' };
  }
  return { ok: false, reason: '请发一张照片或一个位置；不需要就回复"跳过"。' };
}

function visitOf(id: string, answers: Answers, cadreId: string, village: string, now: Date): Omit<Visit, 'complaintIds'> {
  const checklist = Object.fromEntries(
    CHECKLIST.map((c): [ChecklistKey, ChecklistResult] => {
      const ok = answers[`ck_${c.key}`] === 'pass';
      return [c.key, ok ? { ok } : { ok, reason: String(answers[`ck_${c.key}_reason`]) }];
    }),
  ) as Record<ChecklistKey, ChecklistResult>;
  const text = (key: string) => (typeof answers[key] === 'string' ? (answers[key] as string) : undefined);
  return {
    id,
    cadreId,
    householdId: String(answers.householdId),
    village,
    date: String(answers.date),
    lateReason: text('lateReason'),
    checklist,
    income: typeof answers.income === 'number' ? answers.income : undefined,
    problems: text('problems'),
    measures: String(answers.measures),
    nextVisit: String(answers.nextVisit),
    attachments: answers.media ? [answers.media as VisitAttachment] : [],
    createdAt: now.toISOString(),
  };
}

/** 走访登记: a cadre logs a home visit against the 两不愁三保障 checklist; 不达标 items open ledger items. */
export function visitFlow(deps: VisitFlowDeps): Flow {
  const { store } = deps;
  return {
    id: 'visit',
    menu: { label: '走访登记', order: 5, audiences: ['cadre'] },
    triggers: /^(走访登记|登记走访|走访)$/,
    start: async (ctx) => {
      const cadre = await boundCadre(deps, ctx);
      if (cadre?.status !== 'active') return say(reply('走访登记只有绑定的帮扶干部能用。', [{ id: 'cmd:menu', label: '菜单' }]));
      return { replies: [], startForm: 'visit' };
    },
    forms: [
      {
        id: 'visit',
        title: '走访登记',
        prefill: mediaPrefill,
        fields: [
          householdField(deps),
          {
            key: 'application',
            label: '关联困难申报',
            when: (a) => typeof a.openApplication === 'string',
            prompt: async (a) => {
              const open = await store.applications.get(String(a.openApplication));
              return `${await lastVisitSummary(deps, String(a.householdId))}\n\n这户有一条困难申报（查询码 ${open?.trackingCode}，${open?.event}）。这次走访是为它上门核查吗？`;
            },
            choices: [
              { id: 'yes', label: '是，关联这条申报' },
              { id: 'no', label: '不是' },
            ],
            example: '回复 1 关联',
          },
          {
            key: 'date',
            label: '走访日期',
            prompt: async (a) =>
              `${a.application ? '' : `${await lastVisitSummary(deps, String(a.householdId))}\n\n`}这次是哪天走访的？（今天 / 昨天 / 3月5日）`,
            parse: ({ text }, answers, ctx) => {
              const date = readDate(text, ctx.now);
              if (date.ok) answers.daysAgo = daysBetween(date.value, localDate(ctx.now));
              return date;
            },
            example: '今天',
          },
          {
            key: 'lateReason',
            label: '补录原因',
            when: (a) => Number(a.daysAgo ?? 0) > LATE_DAYS,
            prompt: `这次走访已经是 ${LATE_DAYS} 天以前的了，请说明为什么现在才登记：`,
            parse: ({ text }) => parseFreeText(text, 2, 200),
            example: '当时在外培训，回来补录',
          },
          ...checklistFields(),
          {
            key: 'income',
            label: '今年人均收入估计',
            prompt: '估计这户今年人均收入多少元？不清楚就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parseAmount(text, 10_000_000),
            example: '8000',
          },
          {
            key: 'problems',
            label: '发现的问题和诉求',
            prompt: '发现了什么问题？这户有什么想法和诉求？没有就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parseFreeText(text, 2, 500),
            example: '老人腿脚不便，希望申请临时救助',
          },
          {
            key: 'measures',
            label: '帮扶措施',
            prompt: '这次给了什么帮助，或者打算采取什么措施？',
            parse: ({ text }) => parseFreeText(text, 2, 500),
            example: '帮助联系乡镇申报危房改造',
          },
          {
            key: 'nextVisit',
            label: '下次走访',
            prompt: (a) =>
              `下次什么时候来？默认 ${addDays(String(a.date), NEXT_VISIT_DAYS)}（${NEXT_VISIT_DAYS} 天后），也可以打别的日期。`,
            choices: (a) => [{ id: 'default', label: `就定 ${addDays(String(a.date), NEXT_VISIT_DAYS)}` }],
            parse: ({ text, choice }, a, ctx) => {
              const date =
                choice?.id === 'default'
                  ? { ok: true as const, value: addDays(String(a.date), NEXT_VISIT_DAYS) }
                  : readDate(text, ctx.now, { past: false });
              if (date.ok && date.value <= String(a.date)) return { ok: false, reason: '下次走访要在这次之后。' };
              return date;
            },
            example: '12月20日',
          },
          {
            key: 'media',
            label: '照片或位置',
            when: (a) => canSend(a, 'image', 'location'),
            prompt: (a) => `可以发一张现场${mediaWords(a)}（可选）；不需要就回复"跳过"。`,
            optional: true,
            accepts: ['image', 'location'],
            parse: parseMedia,
            example: '发一张照片，或回复"跳过"',
          },
        ],
        submit: async (answers, ctx, submissionId) => {
          const cadre = await boundCadre(deps, ctx);
          const household = await store.households.get(String(answers.householdId));
          if (!cadre || !household) throw new Error('visit submitted without a bound cadre or a known household');
          const open = answers.openApplication;
          const applicationId = answers.application === 'yes' && typeof open === 'string' ? open : undefined;
          const fields = visitOf(submissionId, answers, cadre.id, household.village, ctx.now);
          const visit = await deps.visits.record({ ...fields, applicationId }, ctx.now);
          const found = visit.complaintIds.length;
          const lines = [
            `走访记录已保存：${household.headName}家，${visit.date}。`,
            found ? `有 ${found} 项不达标，已自动登记到问题台账，会跟踪整改。` : '各项都达标。',
            `下次走访：${visit.nextVisit}。`,
          ];
          return [
            reply(lines.join('\n'), [
              { id: 'visit.start', label: '再登记一户' },
              { id: 'cmd:menu', label: '菜单' },
            ]),
          ];
        },
      },
    ],
  };
}
