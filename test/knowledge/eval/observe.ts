import type { Reply } from '../../../src/model/reply.js';
import type { Turn } from './driver.js';

/** The clarifying question of the policy flow. */
export const CLARIFY = '您想问的是哪一个';
/** Words of the "I can't answer / didn't understand" replies. */
export const REFUSAL = /答不上来|没太明白/;
/** A way to reach a person: a phone number, the village committee, or the 12317 hotline. */
export const HUMAN_CONTACT = /12317|村委会|1[3-9]\d{9}|0\d{2,3}-?\d{7,8}/;
/** Another way to get a form step done: the cadre, the village or township, a person, family. */
export const ANOTHER_WAY = /帮扶干部|帮扶责任人|村干部|村委会|驻村|乡镇|找人帮忙|人工|家里人|亲属/;
/** Longest total reply text that still counts as a short small-talk reply. */
export const SHORT_REPLY = 150;

const FORM_PROMPT = /【[^】\n]*\d+\/\d+】[\s\S]*$/;

/** Text as compared with facts: NFKC, no whitespace, no thousands separators, lower case. */
export function factKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d{3})/g, '$1')
    .toLowerCase();
}

/** Whether `text` holds every fact ("a|b" = either a or b). */
export function hasFacts(text: string, facts: readonly string[]): boolean {
  const key = factKey(text);
  return facts.every((f) => f.split('|').some((alt) => key.includes(factKey(alt))));
}

const choiceIds = (replies: Reply[]) => replies.flatMap((r) => r.choices?.map((c) => c.id) ?? []);

/** Whether a reply is the main menu of this user (all its menu entries offered). */
export function isMenu(reply: Reply, turn: Turn): boolean {
  const ids = new Set(reply.choices?.map((c) => c.id));
  return turn.menuIds.length > 0 && turn.menuIds.every((id) => ids.has(id));
}

/** Whether the turn showed the bound household's status card. */
export function showedStatus(turn: Turn): boolean {
  return (
    choiceIds(turn.replies).includes('household.payments') ||
    (turn.householdHead !== '' && turn.replies.some((r) => r.text.includes(`【${turn.householdHead}家】`)))
  );
}

/** Whether a choice with this id was offered outside the main menu and the status card. */
export function offered(turn: Turn, id: string): boolean {
  return turn.replies.some(
    (r) => !isMenu(r, turn) && !r.choices?.some((c) => c.id === 'household.payments') && r.choices?.some((c) => c.id === id),
  );
}

/** The form the turn started (absent when the user stayed in, or was never in, that form). */
export function startedForm(turn: Turn): string | undefined {
  const { before, after } = turn;
  if (!after) return undefined;
  return before && before.formId === after.formId ? undefined : after.formId;
}

/** Whether the user is still in the same form at the same step after the turn. */
export function stayedAtStep(turn: Turn): boolean {
  return turn.before !== undefined && turn.after?.formId === turn.before.formId && turn.after.step === turn.before.step;
}

/** Whether the bot asked which topic was meant. */
export function clarified(turn: Turn): boolean {
  return turn.replies.some((r) => r.text.includes(CLARIFY));
}

/** How a reply names the topic it answers from: 【title】 (the topic card) or 出自：title (a passage). */
const TOPIC_MARKERS = [(title: string) => `【${title}】`, (title: string) => `出自：${title}`];

/**
 * The policy topic the turn answered with: the `policy.detail:<id>` choice, else the first topic title the text
 * names as its source (TOPIC_MARKERS). Update the markers if the policy flow changes how it names a topic.
 */
export function answeredTopic(turn: Turn): string | undefined {
  const detail = choiceIds(turn.replies).find((id) => id.startsWith('policy.detail:'));
  if (detail) return detail.slice('policy.detail:'.length);
  for (const reply of turn.replies) {
    // The earliest mark wins; at the same place the longer title (低保 vs 低保户和建档立卡户…).
    let first: { at: number; length: number; id: string } | undefined;
    for (const [title, id] of turn.titles) {
      for (const marker of TOPIC_MARKERS) {
        const at = reply.text.indexOf(marker(title));
        if (at >= 0 && (!first || at < first.at || (at === first.at && title.length > first.length)))
          first = { at, length: title.length, id };
      }
    }
    if (first) return first.id;
  }
  return undefined;
}

/** Whether a topic was offered as a choice (`policy.topic:<id>` or `policy.detail:<id>`). */
export function offeredTopic(turn: Turn, id: string): boolean {
  return choiceIds(turn.replies).some((c) => c === `policy.topic:${id}` || c === `policy.detail:${id}`);
}

/** All reply text with any form prompt cut off, i.e. what the bot said besides asking the step again. */
export function helpText(turn: Turn): string {
  return turn.replies.map((r) => r.text.replace(FORM_PROMPT, '')).join('\n');
}

/** All reply text. */
export function allText(turn: Turn): string {
  return turn.replies.map((r) => r.text).join('\n');
}

const OFFERS = ['hardship.start', 'complaint.start', 'household.start', 'visit.start'];

/**
 * One label for what the turn did, for the confusion tables: form:<id> (a form started), clarify, status,
 * offer:<flow>, topic:<id>, help (mid-form: another way offered), refused, menu or other; prefixed with "stayed:" when the user is still at the same form step.
 */
export function observedLabel(turn: Turn): string {
  const started = startedForm(turn);
  if (started) return `form:${started}`;
  const inner = (): string => {
    if (clarified(turn)) return 'clarify';
    if (showedStatus(turn)) return 'status';
    const offer = OFFERS.find((id) => offered(turn, id));
    if (offer) return `offer:${offer.replace('.start', '')}`;
    const topic = answeredTopic(turn);
    if (topic) return `topic:${topic}`;
    if (turn.before && ANOTHER_WAY.test(helpText(turn))) return 'help';
    if (REFUSAL.test(allText(turn))) return 'refused';
    if (turn.replies.some((r) => isMenu(r, turn))) return 'menu';
    return 'other';
  };
  if (turn.before) return stayedAtStep(turn) ? `stayed:${inner()}` : turn.after ? 'moved-step' : 'left-form';
  return inner();
}
