import type { Turn } from './driver.js';
import {
  ANOTHER_WAY,
  allText,
  answeredTopic,
  clarified,
  HUMAN_CONTACT,
  hasFacts,
  helpText,
  isMenu,
  observedLabel,
  offered,
  offeredTopic,
  REFUSAL,
  SHORT_REPLY,
  showedStatus,
  startedForm,
  stayedAtStep,
} from './observe.js';
import type { IntentCase, PolicyCase } from './set-schema.js';

/** One row of the judging table: which cases it applies to, the rule in words, and the rule in code. */
export type Check = { applies: string; rule: string; pass: (turn: Turn) => boolean };

const smallTalk = (turn: Turn): boolean =>
  turn.replies.some((r) => isMenu(r, turn)) &&
  !REFUSAL.test(allText(turn)) &&
  answeredTopic(turn) === undefined &&
  !clarified(turn) &&
  startedForm(turn) === undefined &&
  [...allText(turn)].length <= SHORT_REPLY;

/**
 * How every non-policy case is judged, from the replies and the session after the turn. Policy questions are
 * judged by `judgePolicy` (first row of the table in the report).
 */
export const CHECKS: Record<string, Check> = {
  offtopic: {
    applies: 'offtopic',
    rule: 'no policy answer, no 您想问的是哪一个, no form started, no status card; the replies name a human contact (12317, 村委会 or a phone number)',
    pass: (t) =>
      answeredTopic(t) === undefined && !clarified(t) && startedForm(t) === undefined && !showedStatus(t) && HUMAN_CONTACT.test(allText(t)),
  },
  smalltalk: {
    applies: 'smalltalk; intent small-talk',
    rule: `a reply carries the user's whole main menu; no 答不上来/没太明白; no policy answer or clarify; no form started; all text ≤ ${SHORT_REPLY} characters`,
    pass: smallTalk,
  },
  hardship: {
    applies: 'intent hardship',
    rule: 'the hardship form started, or choice hardship.start offered in a reply that is neither the main menu nor the status card',
    pass: (t) => startedForm(t) === 'hardship' || offered(t, 'hardship.start'),
  },
  grievance: {
    applies: 'intent grievance',
    rule: 'the complaint form started, or choice complaint.start offered in a reply that is neither the main menu nor the status card',
    pass: (t) => startedForm(t) === 'complaint' || offered(t, 'complaint.start'),
  },
  'own-status/household': {
    applies: 'intent own-status, as household',
    rule: "the household's status card is shown (choice household.payments, or 【<head>家】 in the text)",
    pass: showedStatus,
  },
  'own-status/guest': {
    applies: 'intent own-status, as guest',
    rule: 'the household-verify form started, or choice household.start offered outside the main menu',
    pass: (t) => startedForm(t) === 'household-verify' || offered(t, 'household.start'),
  },
  'cadre-visit': {
    applies: 'intent cadre-visit (as cadre)',
    rule: 'the visit form started',
    pass: (t) => startedForm(t) === 'visit',
  },
  'step-help': {
    applies: 'intent step-help (mid-form)',
    rule: 'still in the same form at the same step; the text before the re-asked prompt names another way (帮扶干部, 村委会, 乡镇, 人工, 家里人…); no policy topic answered',
    pass: (t) => stayedAtStep(t) && ANOTHER_WAY.test(helpText(t)) && answeredTopic(t) === undefined,
  },
  policy: {
    applies: 'intent policy (mid-form or idle)',
    rule: 'a policy topic answered (policy.detail:<id> choice, or 【title】 or 出自：title in the text), not a clarify; mid-form: still at the same step',
    pass: (t) => answeredTopic(t) !== undefined && !clarified(t) && (t.before === undefined || stayedAtStep(t)),
  },
};

/** The check for an intent case. */
export function intentCheck(c: IntentCase): Check {
  const key = c.intent === 'own-status' ? `own-status/${c.as}` : c.intent === 'small-talk' ? 'smalltalk' : c.intent;
  const check = CHECKS[key];
  if (!check) throw new Error(`No check for intent ${c.intent} as ${c.as}`);
  return check;
}

/** How an intent case that also asks a policy question is judged on top of its intent check. */
export const INTENT_TOPIC_RULE =
  'an intent case with `topic` (a policy question inside the message) also needs the answered topic to be `topic` or one of `also`, ' +
  'and the first reply bubble to contain every `fact`';

/** How policy questions are judged, in words (for the report). */
export const POLICY_RULE =
  'the answered topic (policy.detail:<id> choice, else the first 【title】 or 出自：title in the text) is `topic` or one of `also` (a clarify never counts); ' +
  'the FIRST reply bubble contains every `fact` (NFKC, spaces ignored; "a|b" = either); with `offer`, a choice policy.topic:<offer> or policy.detail:<offer> is shown';

/** The verdict on one policy question. */
export type PolicyVerdict = { pass: boolean; answered: string; topicOk: boolean; factOk: boolean; offerOk: boolean };

/** Judges a policy question: right topic, facts in the first bubble, the second question offered. */
export function judgePolicy(turn: Turn, c: PolicyCase): PolicyVerdict {
  const topic = clarified(turn) ? undefined : answeredTopic(turn);
  const answered = clarified(turn) ? 'clarify' : (topic ?? fallbackLabel(turn));
  const topicOk = topic !== undefined && [c.topic, ...(c.also ?? [])].includes(topic);
  const factOk = hasFacts(turn.replies[0]?.text ?? '', c.fact);
  const offerOk = c.offer === undefined || offeredTopic(turn, c.offer);
  return { pass: topicOk && factOk && offerOk, answered, topicOk, factOk, offerOk };
}

/** Judges an intent case: its intent check, and the policy answer when the case names a topic. */
export function judgeIntent(turn: Turn, c: IntentCase): boolean {
  if (!intentCheck(c).pass(turn)) return false;
  if (!c.topic) return true;
  const topic = clarified(turn) ? undefined : answeredTopic(turn);
  return topic !== undefined && [c.topic, ...(c.also ?? [])].includes(topic) && hasFacts(turn.replies[0]?.text ?? '', c.fact ?? []);
}

function fallbackLabel(turn: Turn): string {
  const label = observedLabel(turn);
  return label === 'refused' ? 'unknown' : label;
}
