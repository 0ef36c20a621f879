import type { Flow } from '../../core/flow.js';
import type { Answers } from '../../core/form/types.js';
import { say } from '../../core/outcome.js';
import type { ComplaintService } from '../../ledger/complaint-service.js';
import type { ComplaintCategory } from '../../model/complaint.js';
import { reply } from '../../model/reply.js';
import type { FlowDeps } from '../deps.js';
import { parseFreeText, parsePhone } from '../fields.js';
import { mediaPrefill, photosOf, withPhotos } from '../media-field.js';
import { homePlacePrefill, placeFields, placeOf } from '../place-fields.js';

const CATEGORIES: { id: string; label: ComplaintCategory }[] = [
  { id: 'funds', label: '扶贫资金发放问题' },
  { id: 'identification', label: '贫困识别不准' },
  { id: 'policy', label: '政策没有落实' },
  { id: 'conduct', label: '干部作风问题' },
  { id: 'other', label: '其他' },
];

/** What the complaint flow needs beyond the common deps. */
export type ComplaintFlowDeps = FlowDeps & { complaints: ComplaintService };

/** 反映问题: a household (or anyone) reports a problem and gets a tracking code; the reporter later rates the fix. */
export function complaintFlow(deps: ComplaintFlowDeps): Flow {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    id: 'complaint',
    menu: { label: '反映问题', order: 30, audiences: ['guest', 'household', 'cadre'] },
    // Only the explicit request starts the form; grievances told as a story are offered it by the intent step.
    triggers: /^(我要|我想)?(反映问题|反映情况|投诉|举报|告状)$|^有问题要反映$/,
    start: () => ({ replies: [], startForm: 'complaint' }),
    actions: {
      satisfied: async (ctx, id) => {
        const rated = await deps.complaints.rate(id, ctx.incoming, true, '', ctx.now);
        const text = rated ? '谢谢您的评价！这件事就办结了。' : '这条问题现在不能评价了（可能已经评价过）。';
        return { replies: [reply(text)], showMenu: true };
      },
      unsatisfied: async (ctx, id) => {
        const c = await store.complaints.get(id);
        if (!c || !deps.complaints.isReporter(c, ctx.incoming) || c.status !== 'closed' || c.satisfaction)
          return say(reply('这条问题现在不能评价了（可能已经评价过）。', [{ id: 'cmd:menu', label: '菜单' }]));
        return { replies: [], startForm: 'complaint-unsatisfied', prefill: { complaintId: id } };
      },
    },
    forms: [
      {
        id: 'complaint',
        title: '反映问题',
        prefill: async (ctx) => ({ ...(await homePlacePrefill(store, ctx)), ...mediaPrefill(ctx) }),
        fields: [
          {
            key: 'category',
            label: '问题类别',
            prompt: '您要反映哪方面的问题？',
            choices: CATEGORIES,
            example: '回复 1 表示"扶贫资金发放问题"',
          },
          ...placeFields(store),
          withPhotos({
            key: 'description',
            label: '发生了什么',
            prompt: '请把发生了什么写清楚：什么时候、什么事、涉及多少钱等（至少 10 个字）。语音我还听不了，请打字。',
            parse: ({ text }) => parseFreeText(text, 10, 1000),
            example: '今年3月的产业奖补1000元，到现在还没有发到我家',
            help: '记不清具体日子、金额的，写个大概就行。打字不方便的话，可以请家里人帮着打。',
          }),
          {
            key: 'concerns',
            label: '涉及的人',
            prompt: '这件事和谁有关？可以写名字或职务（比如：村会计）。不想说就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parseFreeText(text, 2, 50),
            example: '村会计',
          },

          {
            key: 'named',
            label: '实名或匿名',
            prompt: '您想实名还是匿名反映？匿名的话，工作人员看不到您是谁，办理进展我们照样在这里告诉您。',
            choices: [
              { id: 'named', label: '实名' },
              { id: 'anonymous', label: '匿名' },
            ],
            example: '回复 2 表示"匿名"',
          },
          {
            key: 'phone',
            label: '联系电话',
            when: (a) => a.named === 'named',
            prompt: '留个电话方便工作人员联系您核实情况；不想留就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parsePhone(text),
            example: '13800001234',
            help: '没有电话、记不住号码，或者不想留，回复"跳过"就行。',
          },
        ],
        summary: (answers: Answers, shown) => {
          const { township, village } = placeOf(answers);
          return [
            `类别：${shown.category}`,
            `地点：${township}${village}`,
            `发生了什么：${answers.description}`,
            `涉及的人：${shown.concerns ?? '（未填）'}`,
            ...(photosOf(answers).length ? [`照片：${photosOf(answers).length} 张`] : []),
            `方式：${shown.named}${shown.phone && answers.phone ? `，电话 ${shown.phone}` : ''}`,
          ];
        },
        submit: async (answers, ctx, submissionId) => {
          const anonymous = answers.named === 'anonymous';
          // The service keeps the household of an anonymous report only as the names the conflict rule needs.
          const complaint = await deps.complaints.create(
            {
              category: CATEGORIES.find((c) => c.id === answers.category)?.label ?? '其他',
              ...placeOf(answers),
              description: String(answers.description),
              concerns: typeof answers.concerns === 'string' ? answers.concerns : undefined,
              anonymous,
              phone: !anonymous && typeof answers.phone === 'string' ? answers.phone : undefined,
              from: { channel: ctx.incoming.channel, userId: ctx.incoming.userId },
              householdId: typeof answers.householdId === 'string' ? answers.householdId : undefined,
              photos: photosOf(answers).length ? photosOf(answers) : undefined,
            },
            now(),
            '群众',
            submissionId,
          );
          const text = [
            `已经登记好了。您的查询码是：${complaint.trackingCode}`,
            '请记下这个码，回复"查询进度"加上这个码就能看办理情况。',
            '一般会在 15 个工作日内办结，有进展我们会在这里通知您。',
          ].join('\n');
          return [reply(text, [{ id: 'cmd:menu', label: '回主菜单' }])];
        },
      },
      {
        id: 'complaint-unsatisfied',
        title: '不满意的原因',
        confirm: false,
        fields: [
          {
            key: 'reason',
            label: '原因',
            prompt: '哪里还不满意？请简单说说（不想说就回复"跳过"）。',
            optional: true,
            parse: ({ text }) => parseFreeText(text, 2, 500),
            example: '钱还是没有到账',
          },
        ],
        submit: async (answers, ctx) => {
          const id = String(answers.complaintId);
          const reason = typeof answers.reason === 'string' ? answers.reason : '';
          const reopened = await deps.complaints.rate(id, ctx.incoming, false, reason, ctx.now);
          const text = reopened ? '收到，这件事已经重新交回去整改，有进展会再告诉您。' : '这条问题现在不能评价了（可能已经评价过）。';
          return [reply(text, [{ id: 'cmd:menu', label: '回主菜单' }])];
        },
      },
    ],
  };
}
