import { type Choice, type Reply, reply } from '../model/reply.js';
import type { Session } from '../model/session.js';
import { matchChoice } from './choice-match.js';
import { type Command, commandOfChoice, parseCommand } from './commands.js';
import type { Flow } from './flow.js';
import { FormEngine, type FormTurn } from './form/engine.js';
import type { Aside, AsidePhase, FormDef, TurnContext } from './form/types.js';
import { liveNotice, noticeAnswer, type SealedNotices } from './notice-choices.js';
import type { BotObserver } from './observer.js';
import type { Action, Outcome } from './outcome.js';
import { type SessionStore, sessionKey } from './session.js';
import { cleanText, matchKey } from './text.js';
import type { Capabilities, Identity, Incoming } from './types.js';

/** Everything the bot needs from the outside world. */
export type BotDeps = {
  flows: readonly Flow[];
  sessions: SessionStore;
  identify: (channel: string, userId: string) => Promise<Identity>;
  /** The human contact line for a user: their cadre, the county office, 12317. */
  contact: (identity: Identity) => Promise<string>;
  /**
   * Runs one conversation's turn while no other turn of it runs, on any instance (Store.coordination.withLock);
   * an in-process queue per conversation when not given.
   */
  withLock?: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
  idleMinutes: number;
  /** Answers a policy question typed in the middle of a form; undefined when the text is not one. */
  answerQuestion?: (text: string, ctx: TurnContext) => Reply[] | undefined;
  /** The understanding step for free text outside a form (hardship, grievance, own status, small talk…); undefined passes it on. */
  understand?: (text: string, ctx: TurnContext) => Routed | undefined;
  /** The understanding step for text typed mid-form that may not be an answer (a question about the step, small talk). */
  aside?: (text: string, ctx: TurnContext, phase: AsidePhase) => Aside | undefined;
  /** Choices of notifications to sealed addresses, kept in memory (see notice-choices.ts). */
  sealedNotices?: SealedNotices;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
  /** Told about every turn and free-text outcome (operations metrics). */
  observer?: BotObserver;
  /** What each channel can render and send, so a step can skip asking for a photo where none can be sent. */
  capabilities?: (channel: string) => Capabilities | undefined;
};

/**
 * Where the understanding step sends free text: run a choice id as if picked; show the menu under a line;
 * answer the text as usual and add `beside` (an offer) after it, the answer's choices joining the offer's; or reply.
 */
export type Routed = { run: string } | { menu: string } | { beside: Reply } | Outcome;

const GREETINGS = new Set(['你好', '您好', '在吗', '在不在', 'hi', 'hello', '喂', '哈喽', '嗨']);
const WELCOME = '您好！我是帮扶助手。可以帮您查政策、查自家帮扶情况、反映问题。有问题也可以直接打字问我。';
const NON_TEXT = '我现在只能看懂文字。请打字告诉我您想办的事，或回复数字选择：';
const UNKNOWN = '抱歉，我没太明白您的意思。您可以换个说法，或回复数字选择：';
// The engine's help command re-asks the current step with a hint: the way back into a form left open.
const RESUME: Choice = { id: 'cmd:help', label: '接着填' };
const FAILED = '抱歉，系统出了点问题，请稍后再试。急事请回复"人工"。';

/** The platform-neutral chatbot: one message in, replies out. */
export class Bot {
  private readonly engine: FormEngine;
  private readonly actions = new Map<string, Action>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly titles = new Map<string, string>();
  private readonly now: () => Date;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly deps: BotDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? (() => {});
    const forms = new Map<string, FormDef>();
    for (const flow of deps.flows) {
      this.actions.set(`${flow.id}.start`, flow.start);
      for (const [name, action] of Object.entries(flow.actions ?? {})) this.actions.set(`${flow.id}.${name}`, action);
      for (const form of flow.forms ?? []) {
        forms.set(form.id, form);
        this.titles.set(form.id, form.title);
      }
    }
    this.engine = new FormEngine(forms, {
      answerQuestion: deps.answerQuestion,
      aside: deps.aside,
      contact: (ctx) => deps.contact(ctx.identity),
      log: this.log,
    });
  }

  /** Handles one message; never throws, and saves the session before it answers. */
  handle(incoming: Incoming): Promise<Reply[]> {
    const key = sessionKey(incoming.channel, incoming.userId);
    return this.queued(key, () => this.turn(key, incoming));
  }

  /**
   * What a chat shows when it opens without the user saying anything (a web page loaded): the welcome and the menu,
   * or, in the middle of a form, the way back into it. No user text is made up, and no session is made for a new user.
   */
  greet(channel: string, userId: string): Promise<Reply[]> {
    const key = sessionKey(channel, userId);
    return this.queued(key, async () => {
      const stored = await this.deps.sessions.getSession(key);
      const now = this.now();
      const fresh = stored?.form && !stored.formExpired && now.getTime() - Date.parse(stored.updatedAt) <= this.deps.idleMinutes * 60_000;
      if (stored?.form && fresh) {
        const title = this.titles.get(stored.form.formId) ?? '表';
        const text = `您上次填的「${title}」还没填完。点"接着填"继续；不想填了就点"不填了"（或回复"取消"）。`;
        return [reply(text, [RESUME, { id: 'cmd:cancel', label: '不填了' }])];
      }
      const identity = await this.deps.identify(channel, userId);
      const menu = this.menu(identity, `${WELCOME}\n请回复数字选择：`);
      // A typed "2" must then mean the menu's second entry, not an entry of whatever was shown before the page loaded.
      if (stored && !stored.form)
        await this.deps.sessions.saveSession({ ...stored, lastChoices: menu.choices, version: stored.version + 1 });
      return identity.kind === 'guest' && identity.notice ? [identity.notice, menu] : [menu];
    });
  }

  private queued<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (this.deps.withLock) return this.deps.withLock(`chat:${key}`, work);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => {});
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return result;
  }

  /** The main menu for a user, as a reply. */
  menu(identity: Identity, text = '请回复数字，选择您要办的事：'): Reply {
    const entries = this.deps.flows
      .filter((f) => f.menu?.audiences.includes(identity.kind))
      .sort((a, b) => (a.menu?.order ?? 0) - (b.menu?.order ?? 0))
      .map((f): Choice => ({ id: `${f.id}.start`, label: f.menu?.label ?? f.id }));
    return reply(text, entries);
  }

  private async turn(key: string, received: Incoming): Promise<Reply[]> {
    // A voice message the platform already transcribed (WeChat Official Accounts do) is read as the text it says.
    const incoming: Incoming = received.kind === 'voice' && received.text?.trim() ? { ...received, kind: 'text' } : received;
    const started = performance.now();
    const now = this.now();
    const stored = await this.deps.sessions.getSession(key);
    const session: Session = stored ? structuredClone(stored) : { id: key, updatedAt: now.toISOString(), version: 0 };
    const identity = await this.deps.identify(incoming.channel, incoming.userId);
    const ctx: TurnContext = { incoming, identity, session, now, capabilities: this.deps.capabilities?.(incoming.channel) };
    let replies: Reply[];
    try {
      replies = await this.route(ctx, now);
    } catch (error) {
      this.log(`turn failed on ${incoming.channel}`, error);
      delete session.form;
      replies = [reply(FAILED, [{ id: 'cmd:menu', label: '回主菜单' }])];
    }
    if (identity.kind === 'guest' && identity.notice) replies.unshift(identity.notice);
    const lastChoices = [...replies].reverse().find((r) => r.choices)?.choices;
    if (lastChoices) session.lastChoices = lastChoices;
    else delete session.lastChoices;
    session.updatedAt = now.toISOString();
    session.version += 1;
    try {
      await this.deps.sessions.saveSession(session);
    } catch (error) {
      this.log('saving a session failed', error);
    }
    this.deps.observer?.turn(incoming.channel, replies.length, (performance.now() - started) / 1000);
    return replies;
  }

  private async route(ctx: TurnContext, now: Date): Promise<Reply[]> {
    const { session } = ctx;
    const notices: Reply[] = [];
    const idle = session.form && now.getTime() - Date.parse(session.updatedAt) > this.deps.idleMinutes * 60_000;
    if (idle || session.formExpired) {
      delete session.form;
      delete session.formExpired;
      notices.push(reply(`您上次填写的内容超过 ${this.deps.idleMinutes} 分钟没有继续，已经关闭了，需要的话请重新开始。`));
    }
    if (session.form) return [...notices, ...(await this.applyFormTurn(ctx, await this.engine.handle(session.form, ctx)))];
    return [...notices, ...(await this.routeIdle(ctx))];
  }

  private async routeIdle(ctx: TurnContext): Promise<Reply[]> {
    const { incoming, identity, session } = ctx;
    const key = session.id;
    const notice = liveNotice(session.notice ?? this.deps.sealedNotices?.get(key), ctx.now);
    const answeredNotice = () => {
      delete session.notice;
      this.deps.sealedNotices?.delete(key);
    };
    if (!notice) answeredNotice();
    if (incoming.choiceId !== undefined) {
      if (notice?.choices.some((c) => c.id === incoming.choiceId)) answeredNotice();
      return this.onChoice(ctx, incoming.choiceId);
    }
    if (incoming.kind !== 'text') return [this.menu(identity, NON_TEXT)];
    const text = cleanText(incoming.text ?? '');
    if (text === '' || GREETINGS.has(matchKey(text))) {
      return [this.menu(identity, `${WELCOME}\n请回复数字选择：`)];
    }
    const command = parseCommand(text);
    if (command) return this.onCommand(ctx, command);
    const answered = notice && noticeAnswer(notice, session.lastChoices, text);
    if (answered) {
      answeredNotice();
      return this.onChoice(ctx, answered.id);
    }
    const picked = matchChoice(session.lastChoices ?? this.menu(identity).choices ?? [], { text });
    if (picked) return this.onChoice(ctx, picked.id);
    const triggered = this.deps.flows.find((f) => f.triggers?.test(text) && this.allowed(f, identity));
    if (triggered) {
      this.deps.observer?.outcome('intent-routed');
      return this.run(ctx, triggered.start, '');
    }
    const routed = this.deps.understand?.(text, ctx);
    if (routed) return this.follow(ctx, text, routed);
    return (await this.fallback(ctx, text)) ?? [this.menu(identity, UNKNOWN)];
  }

  private async fallback(ctx: TurnContext, text: string): Promise<Reply[] | undefined> {
    for (const flow of this.deps.flows) {
      const outcome = await flow.fallback?.(text, ctx);
      if (outcome) return this.apply(ctx, outcome);
    }
    return undefined;
  }

  private async follow(ctx: TurnContext, text: string, routed: Routed): Promise<Reply[]> {
    this.deps.observer?.outcome('intent-routed');
    if ('run' in routed) return this.onChoice(ctx, routed.run);
    if ('menu' in routed) return [this.menu(ctx.identity, `${routed.menu}\n请回复数字选择：`)];
    if (!('beside' in routed)) return this.apply(ctx, routed);
    // One list of choices, on the last reply: numbered lists in two bubbles would both start at 1.
    const answer = (await this.fallback(ctx, text)) ?? [];
    const choices = [...(routed.beside.choices ?? [])];
    for (const c of answer.flatMap((r) => r.choices ?? [])) if (!choices.some((o) => o.id === c.id)) choices.push(c);
    return [...answer.map((r) => reply(r.text)), reply(routed.beside.text, choices)];
  }

  private async onChoice(ctx: TurnContext, choiceId: string): Promise<Reply[]> {
    const command = commandOfChoice(choiceId);
    if (command) return this.onCommand(ctx, command);
    const separator = choiceId.indexOf(':');
    const name = separator < 0 ? choiceId : choiceId.slice(0, separator);
    const action = this.actions.get(name);
    const flow = this.deps.flows.find((f) => name.startsWith(`${f.id}.`));
    if (!action || (flow && name === `${flow.id}.start` && !this.allowed(flow, ctx.identity))) {
      return [this.menu(ctx.identity, '这个选项已经过期了，请重新选择：')];
    }
    return this.run(ctx, action, separator < 0 ? '' : choiceId.slice(separator + 1));
  }

  private async onCommand(ctx: TurnContext, command: Command): Promise<Reply[]> {
    if (command === 'human') return [reply(await this.deps.contact(ctx.identity), [{ id: 'cmd:menu', label: '回主菜单' }])];
    if (command === 'help') {
      const help =
        '您可以：回复数字选择菜单；直接打字问政策（比如"看病能报多少"）；填表时回复"返回"回上一步、"取消"不填了、"人工"找人帮忙。';
      return [this.menu(ctx.identity, help)];
    }
    return [this.menu(ctx.identity)];
  }

  private async run(ctx: TurnContext, action: Action, arg: string): Promise<Reply[]> {
    return this.apply(ctx, await action(ctx, arg));
  }

  private async apply(ctx: TurnContext, outcome: Outcome): Promise<Reply[]> {
    await this.refreshIdentity(ctx);
    const replies = [...outcome.replies];
    if (outcome.startForm) {
      replies.push(...(await this.applyFormTurn(ctx, await this.engine.start(outcome.startForm, ctx, outcome.prefill))));
    } else if (outcome.showMenu) {
      replies.push(this.menu(ctx.identity));
    }
    return replies;
  }

  private async applyFormTurn(ctx: TurnContext, turn: FormTurn): Promise<Reply[]> {
    if (turn.state) ctx.session.form = turn.state;
    else delete ctx.session.form;
    await this.refreshIdentity(ctx);
    return turn.showMenu ? [...turn.replies, this.menu(ctx.identity)] : turn.replies;
  }

  private async refreshIdentity(ctx: TurnContext): Promise<void> {
    // An action may have just bound or unbound the user; the menu must follow at once.
    ctx.identity = await this.deps.identify(ctx.incoming.channel, ctx.incoming.userId);
  }

  private allowed(flow: Flow, identity: Identity): boolean {
    return !flow.menu || flow.menu.audiences.includes(identity.kind);
  }
}
