import { randomUUID } from 'node:crypto';
import type { Flow } from '../core/flow.js';
import { reply } from '../model/reply.js';
import type { FlowDeps } from './deps.js';
import { parseFreeText, parsePhone } from './fields.js';

const TOPICS = [
  { id: 'suggestion', label: '提建议' },
  { id: 'question', label: '问事情' },
  { id: 'praise', label: '表扬' },
  { id: 'other', label: '其他' },
];

/** 留言: a short message to the county office — the smallest real form. */
export function feedbackFlow(deps: FlowDeps): Flow {
  const now = deps.now ?? (() => new Date());
  return {
    id: 'feedback',
    menu: { label: '给我们留言', order: 90, audiences: ['guest', 'household', 'cadre'] },
    triggers: /^(我要)?留言|^(提|有个)?建议$/,
    start: () => ({ replies: [], startForm: 'feedback' }),
    forms: [
      {
        id: 'feedback',
        title: '留言',
        fields: [
          { key: 'topic', label: '类别', prompt: '您想留言说什么？', choices: TOPICS, example: '回复 1 表示"提建议"' },
          {
            key: 'text',
            label: '内容',
            prompt: '请写下您要说的话（5 到 500 个字）。',
            parse: ({ text }) => parseFreeText(text, 5, 500),
            example: '村里路灯坏了好几个月，希望能修一下',
            takesQuestions: true,
          },
          {
            key: 'phone',
            label: '联系电话',
            prompt: '需要工作人员回电话的话，请留个电话；不需要就回复"跳过"。',
            optional: true,
            parse: ({ text }) => parsePhone(text),
            example: '13800001234',
          },
        ],
        submit: async (answers, ctx) => {
          const id = randomUUID();
          await deps.store.feedback.add({
            id,
            channel: ctx.incoming.channel,
            userId: ctx.incoming.userId,
            topic: String(answers.topic),
            text: String(answers.text),
            phone: typeof answers.phone === 'string' ? answers.phone : undefined,
            createdAt: now().toISOString(),
          });
          return [reply('您的留言已经收到，谢谢！工作人员会尽快看。', [{ id: 'cmd:menu', label: '回主菜单' }])];
        },
      },
    ],
  };
}
