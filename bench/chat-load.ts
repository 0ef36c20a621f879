import { devSetFile, readEvalSet } from '../test/knowledge/eval/set-schema.js';
import type { GeneratedSet } from './generate.js';
import { type JsonClient, quantile } from './http.js';
import { createRng } from './rng.js';

/** One message a simulated user sends, with the kind of turn it is. */
export type Step = { text?: string; choice?: string; kind: StepKind };
/** read: answers from memory (menu, policy, status, lists); form: one form step; submit: a form's final, stored step. */
export type StepKind = 'read' | 'form' | 'submit';

/** Latency and throughput of one load run. */
export type LoadResult = {
  users: number;
  seconds: number;
  messages: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Per step kind: count, p50, p99 (ms). */
  byKind: Record<string, { count: number; p50: number; p99: number }>;
  errors: number;
  firstError?: string;
};

/** The dev-set policy questions (short and long): real-looking questions to ask by free text. */
export function policyQuestions(): string[] {
  const set = readEvalSet(devSetFile);
  return [...set.policy_short, ...set.policy_long].map((c) => c.q);
}

const read = (text: string): Step => ({ text, kind: 'read' });
const form = (text: string): Step => ({ text, kind: 'form' });

/** 留言: five turns, the last stores a feedback record. */
export function feedbackScript(): Step[] {
  return [form('留言'), form('1'), form('村口的路灯坏了三个月了，希望能修一下'), form('跳过'), { choice: 'form:confirm', kind: 'submit' }];
}

/** 反映问题 (anonymous): eight turns, the last stores a complaint and answers with its tracking code. */
export function complaintScript(place: { township: string; village: string }): Step[] {
  return [
    form('反映问题'),
    form('1'),
    form(place.township),
    form(place.village),
    form('今年三月份的产业奖补到现在都没有发到我家'),
    form('跳过'),
    form('匿名'),
    { text: '确认提交', kind: 'submit' },
  ];
}

/** The scripts each kind of simulated user repeats. */
export function personaScripts(data: GeneratedSet, questions: string[], seed: number) {
  const rng = createRng(seed);
  return {
    guest: (): Step[] => [read('你好'), read(rng.pick(questions)), read(rng.pick(questions)), read('菜单')],
    household: (): Step[] => [read('查询我家帮扶情况'), { choice: 'household.payments', kind: 'read' }, read('菜单')],
    cadre: (): Step[] => [read('我的帮扶户'), read('待走访'), read('菜单')],
    form: (): Step[] => (rng.chance(0.5) ? feedbackScript() : complaintScript(rng.pick(data.places))),
  };
}

/** Sends one step as a web user; throws on a non-200 or an empty answer. */
export async function send(
  client: JsonClient,
  userId: string,
  step: Step,
): Promise<{ ms: number; text: string; choices: { id: string; label: string }[] }> {
  const body = step.choice ? { userId, choice: step.choice } : { userId, text: step.text };
  const res = await client.post('/api/chat', body);
  const replies = (res.body as { replies?: { text: string; choices?: { id: string; label: string }[] }[] }).replies;
  if (res.status !== 200 || !replies?.length) throw new Error(`${res.status} for ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
  const choices = [...replies].reverse().find((r) => r.choices)?.choices ?? [];
  return { ms: res.ms, text: replies.map((r) => r.text).join('\n'), choices };
}

/**
 * `users` simulated users, each sending its next message as soon as the previous one is answered, for `seconds`
 * (after `warmup` seconds that are not counted). Mix: 40% guests asking policy questions, 30% bound households
 * checking their status, 20% filling 留言 / 反映问题 forms, 10% cadres listing their households.
 */
export async function runChatLoad(
  client: JsonClient,
  data: GeneratedSet,
  options: { users: number; seconds: number; warmup: number; seed: number; prefix: string },
): Promise<LoadResult> {
  const questions = policyQuestions();
  const scripts = personaScripts(data, questions, options.seed);
  const samples: { ms: number; kind: StepKind }[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const measureFrom = started + options.warmup * 1000;
  const end = measureFrom + options.seconds * 1000;
  const user = async (i: number) => {
    const slot = i % 10;
    const persona = slot < 4 ? 'guest' : slot < 7 ? 'household' : slot < 9 ? 'form' : 'cadre';
    const userId =
      persona === 'household' && data.householdUsers.length
        ? (data.householdUsers[i % data.householdUsers.length] as string)
        : persona === 'cadre' && data.cadreUsers.length
          ? (data.cadreUsers[i % data.cadreUsers.length] as string)
          : `${options.prefix}-${persona}-${i}`;
    while (performance.now() < end) {
      for (const step of scripts[persona as keyof typeof scripts]()) {
        if (performance.now() >= end) return;
        const at = performance.now();
        try {
          const { ms } = await send(client, userId, step);
          if (at >= measureFrom) samples.push({ ms, kind: step.kind });
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message.slice(0, 300);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
  return summarise(samples, options.users, options.seconds, errors, firstError);
}

/** The same number of concurrent users against the echo route, for the ceiling. */
export async function runEchoLoad(client: JsonClient, options: { users: number; seconds: number; warmup: number }): Promise<LoadResult> {
  const samples: { ms: number; kind: StepKind }[] = [];
  let errors = 0;
  const started = performance.now();
  const measureFrom = started + options.warmup * 1000;
  const end = measureFrom + options.seconds * 1000;
  const user = async (i: number) => {
    while (performance.now() < end) {
      const at = performance.now();
      const res = await client.post('/echo', { userId: `echo-${i}`, text: '看病能报多少' });
      if (res.status !== 200) errors += 1;
      else if (at >= measureFrom) samples.push({ ms: res.ms, kind: 'read' });
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
  return summarise(samples, options.users, options.seconds, errors);
}

function summarise(samples: { ms: number; kind: StepKind }[], users: number, seconds: number, errors: number, firstError?: string) {
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  const byKind: LoadResult['byKind'] = {};
  for (const kind of ['read', 'form', 'submit'] as const) {
    const ms = samples
      .filter((s) => s.kind === kind)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    if (ms.length) byKind[kind] = { count: ms.length, p50: round(quantile(ms, 0.5)), p99: round(quantile(ms, 0.99)) };
  }
  return {
    users,
    seconds,
    messages: samples.length,
    perSecond: Math.round(samples.length / seconds),
    p50: round(quantile(all, 0.5)),
    p99: round(quantile(all, 0.99)),
    byKind,
    errors,
    firstError,
  };
}

/** Milliseconds to one decimal. */
export const round = (ms: number): number => Math.round(ms * 10) / 10;
