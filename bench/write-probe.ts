import { complaintScript, feedbackScript, policyQuestions, round, type Step, send } from './chat-load.js';
import type { GeneratedSet } from './generate.js';
import { type JsonClient, quantile } from './http.js';

/** What one kind of chat turn costs, measured alone: latency and bytes written per collection. */
export type ProbeResult = { turn: string; p50: number; max: number; bytes: number; files: Record<string, number> };

type Probe = {
  turn: string;
  /** The steps before the measured one, for user number i; may read earlier replies. */
  run: (i: number, sendStep: (step: Step) => Promise<{ text: string; choices: { id: string }[] }>) => Promise<Step>;
};

const read = (text: string): Step => ({ text, kind: 'read' });

function probes(data: GeneratedSet): Probe[] {
  const questions = policyQuestions();
  const place = data.places[0] ?? { township: '青山乡', village: '石桥村' };
  const upTo = async (steps: Step[], sendStep: (s: Step) => Promise<unknown>) => {
    for (const step of steps.slice(0, -1)) await sendStep(step);
    return steps[steps.length - 1] as Step;
  };
  return [
    { turn: 'menu (guest)', run: async () => read('你好') },
    { turn: 'policy question', run: async (i) => read(questions[(i * 7) % questions.length] as string) },
    { turn: 'status check (bound household)', run: async () => read('查询我家帮扶情况') },
    {
      turn: 'payment records page',
      run: async (_i, sendStep) => {
        await sendStep(read('查询我家帮扶情况'));
        return { choice: 'household.payments', kind: 'read' };
      },
    },
    { turn: 'cadre: 我的帮扶户', run: async () => read('我的帮扶户') },
    {
      turn: 'form step (留言 topic)',
      run: async (_i, sendStep) => {
        await sendStep(read('留言'));
        return { text: '1', kind: 'form' };
      },
    },
    { turn: 'submit 留言 (feedback)', run: (_i, sendStep) => upTo(feedbackScript(), sendStep) },
    { turn: 'submit 反映问题 (complaint)', run: (_i, sendStep) => upTo(complaintScript(place), sendStep) },
    {
      turn: 'verify name + ID tail (binds)',
      run: async (i, sendStep) => {
        const login = data.logins[i % data.logins.length];
        if (!login) throw new Error('the data set has no logins');
        await sendStep(read('查询我家帮扶情况'));
        await sendStep(read(login.name));
        return { text: login.idTail, kind: 'submit' };
      },
    },
    {
      turn: 'submit 走访登记 (visit)',
      run: async (_i, sendStep) => {
        const pick = await sendStep(read('走访登记'));
        const household = pick.choices.find((c) => c.id.startsWith('hh:'));
        if (!household) throw new Error('the cadre has no household to visit');
        const steps: Step[] = [
          { choice: household.id, kind: 'form' },
          read('昨天'),
          ...Array.from({ length: 6 }, () => read('达标')),
          read('跳过'),
          read('跳过'),
          read('继续跟踪产业项目'),
          read('1'),
          read('跳过'),
          { text: '确认提交', kind: 'submit' },
        ];
        return upTo(steps, sendStep);
      },
    },
  ];
}

/** Each kind of turn, `repeats` times by fresh (or, for bound turns, pre-bound) users, one at a time. */
export async function runWriteProbe(client: JsonClient, data: GeneratedSet, repeats: number, prefix: string): Promise<ProbeResult[]> {
  const stats = async () => ((await client.get('/__bench/stats')).body as { writtenBytes: Record<string, number> }).writtenBytes;
  const results: ProbeResult[] = [];
  for (const probe of probes(data)) {
    const times: number[] = [];
    const files: Record<string, number> = {};
    for (let i = 0; i < repeats; i += 1) {
      const userId =
        probe.turn.includes('bound household') || probe.turn.includes('payment')
          ? (data.householdUsers[i] as string)
          : probe.turn.startsWith('cadre') || probe.turn.includes('visit')
            ? (data.cadreUsers[i] as string)
            : `${prefix}-probe-${results.length}-${i}`;
      const sendStep = (step: Step) => send(client, userId, step);
      await sendStep(read('菜单'));
      const target = await probe.run(i, sendStep);
      const before = await stats();
      const { ms } = await sendStep(target);
      const after = await stats();
      times.push(ms);
      for (const [name, bytes] of Object.entries(after)) {
        const delta = bytes - (before[name] ?? 0);
        if (delta > 0) files[name] = (files[name] ?? 0) + delta / repeats;
      }
    }
    times.sort((a, b) => a - b);
    const rounded = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Math.round(v)]));
    results.push({
      turn: probe.turn,
      p50: round(quantile(times, 0.5)),
      max: round(times[times.length - 1] ?? 0),
      bytes: Object.values(rounded).reduce((a, b) => a + b, 0),
      files: rounded,
    });
  }
  return results;
}
