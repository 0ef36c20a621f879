import type { Identity } from '../../../src/core/types.js';
import type { Reply } from '../../../src/model/reply.js';
import type { FormState } from '../../../src/model/session.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { contentDir } from '../helpers.js';
import type { FormId } from './set-schema.js';

/** The demo household every `as: household` case is bound to, and the demo cadre for `as: cadre` (content/demo). */
export const DEMO = { householdId: 'YS-0001', cadreId: 'DEMO-C1' } as const;

/** A fixed clock, so status cards and date prompts read the same on every run. */
const NOW = new Date('2026-12-01T02:00:00Z');
const CHANNEL = 'web';

/** What one evaluated message produced, as the user (and the session store) saw it. */
export type Turn = {
  replies: Reply[];
  identity: Identity;
  /** The main-menu choice ids this user is shown. */
  menuIds: string[];
  /** The form the message was sent in (intent cases with a form), and the session's form after the turn. */
  before?: FormState;
  after?: FormState;
  /** Policy topic titles → ids, to recognise an answer given as text. */
  titles: ReadonlyMap<string, string>;
  /** The head of the demo household, to recognise its status card. */
  householdHead: string;
};

/** Who sends the message, and where in a form it is sent. */
export type Sender = { as: 'guest' | 'household' | 'cadre'; form?: FormId; step?: string };

type Input = string | { choice: string } | 'first-household';
type Route = { start: string; steps: { prompt: string; key?: string; input: Input }[] };

/**
 * How to walk each form to a step: prompt fragments (what the user sees) and the answer to give. A step
 * named in a case is reached when its prompt shows; every other prompt gets the answer listed.
 * Place questions are answered as "somewhere else" so a household also reaches the phone steps.
 */
const ROUTES: Record<FormId, Route> = {
  'household-verify': {
    start: 'household.start',
    steps: [
      { prompt: '请输入户主', key: 'name', input: '张大山' },
      { prompt: '身份证号的最后 6 位', key: 'tail', input: '000000' },
    ],
  },
  complaint: {
    start: 'complaint.start',
    steps: [
      { prompt: '您要反映哪方面的问题', input: { choice: 'funds' } },
      { prompt: '事情是在您家所在的', input: { choice: 'no' } },
      { prompt: '事情发生在哪个乡镇', input: '东坡乡' },
      { prompt: '哪个村（社区）', input: '红星村' },
      { prompt: '请把发生了什么写清楚', key: 'description', input: '今年三月份的产业奖补到现在都没有发到我家' },
      { prompt: '这件事和谁有关', key: 'concerns', input: '跳过' },
      { prompt: '实名还是匿名', input: { choice: 'named' } },
      { prompt: '留个电话方便工作人员联系您', key: 'phone', input: '跳过' },
    ],
  },
  hardship: {
    start: 'hardship.start',
    steps: [
      { prompt: '家里遇到了什么困难', input: { choice: 'event0' } },
      { prompt: '是什么时候发生的', key: 'eventDate', input: '昨天' },
      { prompt: '大概花了或损失了多少钱', key: 'cost', input: '跳过' },
      { prompt: '您希望得到什么帮助', input: '医疗费报销后还差一万多，希望申请救助' },
      { prompt: '申请的是您家', input: { choice: 'no' } },
      { prompt: '事情发生在哪个乡镇', input: '东坡乡' },
      { prompt: '哪个村（社区）', input: '红星村' },
      { prompt: '请问您怎么称呼', input: '王秀英' },
      { prompt: '请留一个能找到您的电话', key: 'phone', input: '13800001234' },
    ],
  },
  visit: {
    start: 'visit.start',
    steps: [
      { prompt: '走访的是哪一户', input: 'first-household' },
      { prompt: '这次走访是为它上门核查吗', input: { choice: 'no' } },
      { prompt: '这次是哪天走访的', key: 'date', input: '今天' },
    ],
  },
};

const MAX_SETUP_TURNS = 12;

/** The real app (temp data dir, demo data, fixed clock), driven one fresh chat user per case through `bot.handle`. */
export class EvalBot {
  private users = 0;

  private constructor(private readonly app: TestApp) {}

  /** Builds the app once; call `close` when done. */
  static async start(): Promise<EvalBot> {
    const app = await createTestApp({ SEED_DEMO: '1', CONTENT_DIR: contentDir }, { now: () => NOW });
    if (!app.store.households.get(DEMO.householdId) || !app.store.cadres.get(DEMO.cadreId)) {
      await app.dispose();
      throw new Error(`The demo data must hold household ${DEMO.householdId} and cadre ${DEMO.cadreId} (content/demo/).`);
    }
    return new EvalBot(app);
  }

  /** Sends one message as a new user with the given identity, after walking to the form step if one is named. */
  async send(sender: Sender, text: string): Promise<Turn> {
    const userId = `eval-${++this.users}`;
    await this.bind(userId, sender.as);
    const before = sender.form ? await this.walk(userId, sender.form, sender.step ?? '') : undefined;
    const replies = await this.message(userId, { text });
    const identity = this.identity(sender.as);
    const knowledge = this.app.knowledge();
    return {
      replies,
      identity,
      menuIds: (this.app.bot.menu(identity).choices ?? []).map((c) => c.id),
      before,
      after: this.form(userId),
      titles: new Map(knowledge.topics().map((t) => [t.title, t.id])),
      householdHead: this.app.store.households.get(DEMO.householdId)?.headName ?? '',
    };
  }

  /** Closes the app and deletes its data dir. */
  close(): Promise<void> {
    return this.app.dispose();
  }

  private identity(as: Sender['as']): Identity {
    if (as === 'household') return { kind: 'household', householdId: DEMO.householdId };
    if (as === 'cadre') return { kind: 'cadre', cadreId: DEMO.cadreId };
    return { kind: 'guest' };
  }

  // The same binding operation the verification and enrolment flows end in.
  private async bind(userId: string, as: Sender['as']): Promise<void> {
    if (as === 'guest') return;
    const targetId = as === 'household' ? DEMO.householdId : DEMO.cadreId;
    await this.app.store.bindings.bind({ id: `${CHANNEL}:${userId}`, kind: as, targetId, boundAt: NOW.toISOString() });
  }

  private message(userId: string, input: { text?: string; choiceId?: string }): Promise<Reply[]> {
    return this.app.bot.handle({ channel: CHANNEL, userId, kind: 'text', ...input, receivedAt: NOW });
  }

  private form(userId: string): FormState | undefined {
    const form = this.app.store.sessions.getSession(`${CHANNEL}:${userId}`)?.form;
    return form ? structuredClone(form) : undefined;
  }

  private async walk(userId: string, formId: FormId, key: string): Promise<FormState> {
    const route = ROUTES[formId];
    let replies = await this.message(userId, { choiceId: route.start });
    for (let turn = 0; turn < MAX_SETUP_TURNS; turn++) {
      const last = replies.at(-1);
      const form = this.form(userId);
      const step = route.steps.find((s) => last?.text.includes(s.prompt));
      if (!form || form.formId !== formId || !step || !last) break;
      if (step.key === key) return form;
      const input = step.input;
      if (input === 'first-household') {
        const choice = last.choices?.find((c) => c.id.startsWith('hh:'));
        if (!choice) break;
        replies = await this.message(userId, { choiceId: choice.id });
      } else {
        replies = await this.message(userId, typeof input === 'string' ? { text: input } : { choiceId: input.choice });
      }
    }
    const shown = replies.at(-1)?.text.slice(0, 60) ?? '(no reply)';
    throw new Error(`could not walk form ${formId} to step ${key}; the bot last said: ${shown}`);
  }
}
