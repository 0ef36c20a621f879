import type { Flow } from '../core/flow.js';
import type { TurnContext } from '../core/form/types.js';
import type { QaOutcome } from '../core/observer.js';
import { type Outcome, say } from '../core/outcome.js';
import type { Identity } from '../core/types.js';
import type { AskResult, Knowledge } from '../knowledge/index.js';
import { type Passage, sentences } from '../knowledge/passages.js';
import { firstSource, sourceInWords } from '../knowledge/source-words.js';
import type { PolicyTopic } from '../knowledge/topic.js';
import { type Choice, type Reply, reply } from '../model/reply.js';

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
// Characters of the first bubble of an answer: it must read at a glance on a phone. Mid-form the
// answer is an aside, so shorter.
const ANSWER_LENGTH = 200;
const MID_FORM_LENGTH = 140;

const OUTCOMES: Record<AskResult['kind'], QaOutcome> = { answer: 'answered', clarify: 'clarified', unknown: 'referred' };

const topicChoice = (t: PolicyTopic): Choice => ({ id: `policy.topic:${t.id}`, label: t.title });
const length = (text: string): number => Array.from(text).length;

/**
 * The answering passage, then more lead passages in order while they fit in `limit`, then where they
 * come from: "（出自：topic）" and "来源：…" in words, in the room left, cut to its first document or
 * left out (看详细说明 shows it whole).
 */
export function composeAnswer(topic: PolicyTopic, lead: readonly Passage[], limit: number): string {
  const origin = `（出自：${topic.title}）`;
  const fits = (parts: string[]): boolean => length(parts.filter(Boolean).join('\n')) <= limit;
  const [first = { topicId: topic.id, from: 'short', text: topic.short }, ...more] = lead;
  // Sentences of the short answer run on as one paragraph; each other passage starts a new line.
  let body = first.text;
  let previous = first;
  for (const piece of more) {
    const next = `${body}${piece.from === 'short' && previous.from === 'short' ? '' : '\n'}${piece.text}`;
    if (!fits([next, origin])) continue;
    body = next;
    previous = piece;
  }
  const words = sourceInWords(topic.source);
  const sources = words ? [`来源：${words}`, `来源：${firstSource(words)}`] : [];
  const source = sources.find((s) => fits([body, origin, s])) ?? '';
  return [body, origin, source].filter(Boolean).join('\n');
}

const shortAnswer = (topic: PolicyTopic): Passage[] => sentences(topic.short).map((text) => ({ topicId: topic.id, from: 'short', text }));

function answerReply(result: Extract<AskResult, { kind: 'answer' }>): Reply {
  const choices = [
    { id: `policy.detail:${result.topic.id}`, label: '看详细说明' },
    ...[...result.others, ...result.related].slice(0, 2).map(topicChoice),
    MENU,
  ];
  return reply(composeAnswer(result.topic, result.passages, ANSWER_LENGTH), choices);
}

function topicReply(topic: PolicyTopic, related: PolicyTopic[]): Reply {
  const choices = [{ id: `policy.detail:${topic.id}`, label: '看详细说明' }, ...related.slice(0, 2).map(topicChoice), MENU];
  return reply(composeAnswer(topic, shortAnswer(topic), ANSWER_LENGTH), choices);
}

function detailReply(topic: PolicyTopic, related: PolicyTopic[]): Reply {
  const words = sourceInWords(topic.source);
  const source = words ? `\n来源：${words}（${topic.updated} 更新）` : `\n（${topic.updated} 更新）`;
  const choices = [...related.slice(0, 2).map(topicChoice), MENU];
  return reply(`【${topic.title}】详细说明\n${topic.short}\n${topic.details}${source}`, choices);
}

function relatedOf(knowledge: Knowledge, topic: PolicyTopic): PolicyTopic[] {
  return topic.related.flatMap((id) => knowledge.topic(id) ?? []);
}

const GONE: Outcome = { replies: [reply('这条政策已经更新了，请重新问一下。')], showMenu: true };

/** 政策咨询: answers free-text policy questions from content/policies, honestly saying when it does not know. */
export function policyFlow(deps: PolicyFlowDeps): Flow {
  const ask = (text: string, ctx: TurnContext): Outcome => {
    const result = deps.knowledge().ask(text);
    deps.onOutcome?.(OUTCOMES[result.kind]);
    if (result.kind === 'answer') return say(answerReply(result));
    if (result.kind === 'clarify') return say(reply('您想问的是哪一个？', [...result.candidates.map(topicChoice), MENU]));
    const unknown = `这个问题我还答不上来，怕说错耽误您的事。\n${deps.contact(ctx.identity)}\n您也可以换个说法再问，比如"看病能报多少"。`;
    return say(reply(unknown, [{ id: 'policy.start', label: '看常见问题' }, MENU]));
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
        return topic ? say(topicReply(topic, relatedOf(knowledge, topic))) : GONE;
      },
      detail: (_ctx, id) => {
        const knowledge = deps.knowledge();
        const topic = knowledge.topic(id);
        return topic ? say(detailReply(topic, relatedOf(knowledge, topic))) : GONE;
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
  return [reply(composeAnswer(result.topic, result.passages.slice(0, 1), MID_FORM_LENGTH))];
}
