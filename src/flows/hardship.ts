import type { Flow } from '../core/flow.js';
import type { Answers } from '../core/form/types.js';
import type { ApplicationService } from '../ledger/application-service.js';
import { HARDSHIP_EVENTS, type HardshipEvent } from '../model/application.js';
import { reply } from '../model/reply.js';
import { readDate } from './date-input.js';
import type { FlowDeps } from './deps.js';
import { parseAmount, parseFreeText, parsePhone } from './fields.js';
import { homePlacePrefill, placeFields, placeOf } from './place-fields.js';

/** What the hardship flow needs beyond the common deps. */
export type HardshipFlowDeps = FlowDeps & { applications: ApplicationService };

const EVENTS = HARDSHIP_EVENTS.map((label, i) => ({ id: `event${i}`, label }));
const eventOf = (id: unknown): HardshipEvent => EVENTS.find((e) => e.id === id)?.label ?? '其他';
const isHome = (a: Answers) => a.placeConfirmed === 'yes';

/** 申请帮扶 (防返贫一键申报): a household hit by hardship asks to be checked and monitored, in one conversation. */
export function hardshipFlow(deps: HardshipFlowDeps): Flow {
  const { store } = deps;
  return {
    id: 'hardship',
    menu: { label: '申请帮扶（遇到困难）', order: 40, audiences: ['guest', 'household', 'cadre'] },
    // Only the explicit request starts the form; stories of hardship (住院了, 水淹了) are offered it by the intent step.
    triggers: /^(我要|我想|我想要|帮我)?(申请帮扶|困难申报|一键申报|防返贫申报|申报困难)$/,
    start: () => ({ replies: [reply('遇到困难别着急，填几个问题，我们马上交给村里和帮扶干部核实。')], startForm: 'hardship' }),
    forms: [
      {
        id: 'hardship',
        title: '困难申报',
        prefill: (ctx) => homePlacePrefill(store, ctx),
        fields: [
          { key: 'event', label: '遇到的困难', prompt: '家里遇到了什么困难？', choices: EVENTS, example: '回复 1 表示"生病住院"' },
          {
            key: 'eventDate',
            label: '什么时候',
            prompt: '是什么时候发生的？（今天 / 昨天 / 3月5日）',
            parse: ({ text }, _a, ctx) => readDate(text, ctx.now),
            example: '10月5日',
            help: '记不清是哪天也没关系，写个大概的日子就行，比如"10月1日"；只记得是几天前的，可以写"3天前"。',
          },
          {
            key: 'cost',
            label: '花费或损失',
            prompt: '大概花了或损失了多少钱（元）？不清楚就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parseAmount(text),
            example: '20000',
            help: '不清楚花了多少，回复"跳过"就行，上门核实时再算。',
          },
          {
            key: 'help',
            label: '想要的帮助',
            prompt: '您希望得到什么帮助？',
            parse: ({ text }) => parseFreeText(text, 2, 500),
            example: '医疗费报销后还差一万多，希望申请救助',
            help: '简单写几个字就行，比如"看病的钱不够""房子要修"。打字不方便的话，可以请家里人帮着打。',
          },
          ...placeFields(store, (t, v) => `申请的是您家（${t}${v}）吗？`),
          {
            key: 'name',
            label: '申请人姓名',
            when: (a) => !isHome(a),
            prompt: '请问您怎么称呼？（写真实姓名，方便上门核实）',
            parse: ({ text }) =>
              /^[\u4e00-\u9fa5·]{2,12}$/.test(text.replace(/\s/g, ''))
                ? { ok: true, value: text.replace(/\s/g, '') }
                : { ok: false, reason: '请写中文姓名，比如：王秀英。' },
            example: '王秀英',
          },
          {
            key: 'phone',
            label: '联系电话',
            when: (a) => !isHome(a),
            prompt: '请留一个能找到您的电话：',
            parse: ({ text }) => parsePhone(text),
            example: '13800001234',
            help: '没有手机的话，留家里人、邻居或村干部的电话也行，能找到您就可以。',
          },
          {
            key: 'consent',
            label: '同意入户核查',
            prompt: '核实困难需要工作人员上门看一看（入户核查），您同意吗？',
            choices: [
              { id: 'yes', label: '同意' },
              { id: 'no', label: '不同意' },
            ],
            parse: ({ choice }) =>
              choice?.id === 'yes'
                ? { ok: true, value: true, shown: '同意' }
                : { ok: false, reason: '上门核实是申报必须的一步。不方便的话可以先回复"取消"，或回复"人工"找人商量。' },
            example: '回复 1 表示同意',
          },
        ],
        summary: (answers, shown) => {
          const { township, village } = placeOf(answers);
          const who = isHome(answers) ? `${answers.homeName}家` : `${answers.name}（电话 ${shown.phone}）`;
          return [
            `困难：${shown.event}（${answers.eventDate}）`,
            `花费或损失：${shown.cost ?? '（未填）'}`,
            `想要的帮助：${answers.help}`,
            `申请人：${who}，${township}${village}`,
            '同意入户核查',
          ];
        },
        submit: async (answers, ctx, submissionId) => {
          const home = isHome(answers);
          const application = await deps.applications.create(
            {
              event: eventOf(answers.event),
              eventDate: String(answers.eventDate),
              cost: typeof answers.cost === 'number' ? answers.cost : undefined,
              help: String(answers.help),
              householdId: home ? String(answers.householdId) : undefined,
              applicant: home ? undefined : { name: String(answers.name), phone: String(answers.phone), ...placeOf(answers) },
              ...placeOf(answers),
              consent: true,
              reporter: { channel: ctx.incoming.channel, userId: ctx.incoming.userId },
            },
            ctx.now,
            submissionId,
          );
          const text = [
            `已经提交了！您的查询码是：${application.trackingCode}`,
            '接下来：',
            `1. ${application.checkDeadline} 前，帮扶干部或村干部会上门核实情况；`,
            '2. 村里评议、公示；',
            `3. 一般 ${application.decisionDeadline} 前告诉您结果。`,
            '每一步都会在这里通知您，也可以回复"查询进度"加查询码来看。',
          ].join('\n');
          return [reply(text, [{ id: 'cmd:menu', label: '回主菜单' }])];
        },
      },
    ],
  };
}
