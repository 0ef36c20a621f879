import type { Routed } from '../core/bot.js';
import type { Audience } from '../core/flow.js';
import type { Aside, AsidePhase, TurnContext } from '../core/form/types.js';
import { type Choice, type Reply, reply } from '../model/reply.js';
import type { IntentClassifier, IntentReading } from './classifier.js';
import type { IntentId } from './spec.js';

/** Where free text goes: one of the intents, small talk, or the policy Q&A (which also says when it does not know). */
export type Route = IntentId | 'smalltalk' | 'policy';

/** What the router needs: the classifier (re-read when content reloads) and a confident policy answer, if any. */
export type IntentRouterDeps = {
  classifier: () => IntentClassifier;
  /** A confident policy answer to the text (given mid-form; outside forms it decides whether the usual answer goes beside an offer). */
  answer: (text: string, ctx: TurnContext) => Reply[] | undefined;
  /**
   * Whether the policy Q&A answers the text outside a form (its answer then comes before an offer). Mid-form
   * answers must be sure the text is a question at all; a story that asks something has already shown it is.
   * Defaults to `answer`.
   */
  answers?: (text: string, ctx: TurnContext) => boolean;
};

/** A step question short enough to be nothing else; longer text is read as an answer first. */
const STEP_QUESTION_MAX = 20;

const NO: Choice = { id: 'cmd:menu', label: '不用了' };
const HUMAN: Choice = { id: 'cmd:human', label: '找人帮忙' };

/** The choice that starts what an intent needs; the flows behind these ids check the audience again. */
const START: Record<Exclude<IntentId, 'step-help'>, Choice> = {
  hardship: { id: 'hardship.start', label: '申请帮扶' },
  grievance: { id: 'complaint.start', label: '反映问题' },
  'own-status': { id: 'household.start', label: '查询我家帮扶情况' },
  'cadre-work': { id: 'visit.start', label: '走访登记' },
};

const OFFER: Record<'hardship' | 'grievance' | 'own-status', string> = {
  hardship: '遇到难处先别着急。可以在这里申请帮扶：填几个问题，村里和帮扶干部会上门核实，符合条件的及时纳入帮扶。现在申请吗？',
  grievance: '这件事可以在这里反映：可以匿名，有专人办理，办理进展会在这里告诉您。现在反映吗？',
  'own-status': '查您家的帮扶情况，要先核对一次身份（户主姓名和身份证号后 6 位），以后就能直接查。现在查吗？',
};

function applies(intent: IntentId, audience: Audience): boolean {
  if (intent === 'own-status') return audience !== 'cadre';
  if (intent === 'cadre-work') return audience === 'cadre';
  return intent !== 'step-help';
}

/**
 * Where a message goes. Outside a form: small talk, else the highest-priority intent that applies
 * to this audience (hardship > grievance > own status > cadre work), else the policy Q&A. In a form
 * (`phase`): a question about the step, or small talk meant for anywhere; else the form reads it.
 */
export function routeOf(reading: IntentReading, audience: Audience, phase?: AsidePhase): Route {
  if (phase) {
    const stepHelp = reading.intents.some((i) => i.id === 'step-help');
    if (stepHelp && (phase === 'after' || reading.length <= STEP_QUESTION_MAX)) return 'step-help';
    return phase === 'after' && reading.smalltalk?.anywhere ? 'smalltalk' : 'policy';
  }
  if (reading.smalltalk) return 'smalltalk';
  return reading.intents.find((i) => applies(i.id, audience))?.id ?? 'policy';
}

/** The understanding step of the bot: routes free text outside forms, and asides typed mid-form. */
export function createIntentRouter(deps: IntentRouterDeps): {
  understand: (text: string, ctx: TurnContext) => Routed | undefined;
  aside: (text: string, ctx: TurnContext, phase: AsidePhase) => Aside | undefined;
} {
  const offer = (intent: 'hardship' | 'grievance' | 'own-status', reading: IntentReading, text: string, ctx: TurnContext): Routed => {
    const audience = ctx.identity.kind;
    const others = reading.intents.flatMap((i) =>
      i.id !== intent && i.id !== 'step-help' && applies(i.id, audience) ? [START[i.id]] : [],
    );
    const choices = [START[intent], ...others, ...(intent === 'own-status' ? [] : [HUMAN]), NO];
    const offered = reply(OFFER[intent], choices);
    // A story that also asks a policy question gets the usual answer first, with the offer beside it; a question
    // about one's own household is answered by the offer itself.
    const answers = deps.answers ?? ((t: string, c: TurnContext) => deps.answer(t, c) !== undefined);
    const answered = intent !== 'own-status' && reading.asks && answers(text, ctx);
    return answered ? { beside: offered } : { replies: [offered] };
  };
  return {
    understand: (text, ctx) => {
      const reading = deps.classifier().read(text);
      const route = routeOf(reading, ctx.identity.kind);
      switch (route) {
        case 'smalltalk':
          return { menu: reading.smalltalk?.reply ?? '' };
        case 'hardship':
        case 'grievance':
          return offer(route, reading, text, ctx);
        case 'own-status':
          return ctx.identity.kind === 'household' ? { run: START['own-status'].id } : offer(route, reading, text, ctx);
        case 'cadre-work':
          return { run: START['cadre-work'].id };
        default:
          return undefined;
      }
    },
    aside: (text, ctx, phase) => {
      const reading = deps.classifier().read(text);
      const route = routeOf(reading, ctx.identity.kind, phase);
      if (route === 'step-help') return { kind: 'step-help' };
      if (route === 'smalltalk' && reading.smalltalk) return { kind: 'say', replies: [reply(reading.smalltalk.reply)] };
      // Before the step reads it, a plain question with a confident answer is answered (the engine reads the
      // same text as the answer if it comes again); after the step refused it, the engine asks the Q&A itself.
      const plainQuestion = phase === 'before' && reading.asks && reading.intents.length === 0 && !reading.smalltalk;
      const answer = plainQuestion ? deps.answer(text, ctx) : undefined;
      return answer ? { kind: 'say', replies: answer } : undefined;
    },
  };
}
