import type { Flow } from '../core/flow.js';
import type { TurnContext } from '../core/form/types.js';
import type { QaOutcome } from '../core/observer.js';
import { type Outcome, say } from '../core/outcome.js';
import { type Choice, type Identity, type Reply, reply } from '../core/types.js';
import type { AskResult, Knowledge } from '../knowledge/index.js';
import type { PolicyTopic } from '../knowledge/topic.js';

/** What the policy Q&A flow needs. */
export type PolicyFlowDeps = {
  knowledge: () => Knowledge;
  contact: (identity: Identity) => string;
  /** Told how each free-text question ended (operations metrics). */
  onOutcome?: (outcome: QaOutcome) => void;
};

const MENU: Choice = { id: 'cmd:menu', label: '菜单' };
const POPULAR = [
  'health-insurance-reimbursement',
  'microcredit',
  'education-compulsory',
  'dilapidated-housing',
  'card-colors',
  'monitoring-apply',
];

const OUTCOMES: Record<AskResult['kind'], QaOutcome> = { answer: 'answered', clarify: 'clarified', unknown: 'referred' };

const topicChoice = (t: PolicyTopic): Choice => ({ id: `policy.topic:${t.id}`, label: t.title });

function answer(topic: PolicyTopic, related: PolicyTopic[]): Reply {
  const choices = [{ id: `policy.detail:${topic.id}`, label: '看详细说明' }, ...related.slice(0, 2).map(topicChoice), MENU];
  return reply(`【${topic.title}】\n${topic.short}\n来源：${topic.source}`, choices);
}

function relatedOf(knowledge: Knowledge, topic: PolicyTopic): PolicyTopic[] {
  return topic.related.flatMap((id) => knowledge.topic(id) ?? []);
}

/** 政策咨询: answers free-text policy questions from content/policies, honestly saying when it does not know. */
export function policyFlow(deps: PolicyFlowDeps): Flow {
  const ask = (text: string, ctx: TurnContext): Outcome => {
    const knowledge = deps.knowledge();
    const result = knowledge.ask(text);
    deps.onOutcome?.(OUTCOMES[result.kind]);
    if (result.kind === 'answer') return say(answer(result.topic, result.related));
    if (result.kind === 'clarify') return say(reply('您想问的是哪一个？', [...result.candidates.map(topicChoice), MENU]));
    const text2 = `这个问题我还答不上来，怕说错耽误您的事。\n${deps.contact(ctx.identity)}\n您也可以换个说法再问，比如"看病能报多少"。`;
    return say(reply(text2, [{ id: 'policy.start', label: '看常见问题' }, MENU]));
  };
  return {
    id: 'policy',
    menu: { label: '政策咨询', order: 10, audiences: ['guest', 'household', 'cadre'] },
    start: () => {
      const knowledge = deps.knowledge();
      const popular = POPULAR.flatMap((id) => knowledge.topic(id) ?? []).map(topicChoice);
      return say(
        reply('您想了解哪方面的政策？直接打字问就行，比如"看病能报多少""娃上学有补助没"。也可以点下面常见的：', [...popular, MENU]),
      );
    },
    actions: {
      topic: (_ctx, id) => {
        const knowledge = deps.knowledge();
        const topic = knowledge.topic(id);
        return topic
          ? say(answer(topic, relatedOf(knowledge, topic)))
          : { replies: [reply('这条政策已经更新了，请重新问一下。')], showMenu: true };
      },
      detail: (_ctx, id) => {
        const knowledge = deps.knowledge();
        const topic = knowledge.topic(id);
        if (!topic) return { replies: [reply('这条政策已经更新了，请重新问一下。')], showMenu: true };
        const choices = [...relatedOf(knowledge, topic).slice(0, 2).map(topicChoice), MENU];
        return say(reply(`【${topic.title}】详细说明\n${topic.details}\n来源：${topic.source}（${topic.updated} 更新）`, choices));
      },
    },
    fallback: (text, ctx) => ask(text, ctx),
  };
}

/** Answers a policy question typed in the middle of a form, or undefined when the text is not clearly one. */
export function answerMidForm(knowledge: Knowledge, text: string): Reply[] | undefined {
  if (!knowledge.looksLikeQuestion(text)) return undefined;
  const result = knowledge.ask(text);
  if (result.kind !== 'answer') return undefined;
  return [reply(`【${result.topic.title}】\n${result.topic.short}\n来源：${result.topic.source}`)];
}
