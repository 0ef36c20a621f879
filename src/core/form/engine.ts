import { randomUUID } from 'node:crypto';
import { type Choice, type Reply, reply } from '../../model/reply.js';
import type { FormState } from '../../model/session.js';
import { matchChoice } from '../choice-match.js';
import { type Command, commandOfChoice, parseCommand } from '../commands.js';
import { cleanText, matchKey } from '../text.js';
import type { Answers, Aside, AsidePhase, Field, FormDef, ParseResult, TurnContext } from './types.js';

/** The result of one form turn: replies, and whether the form is over. */
export type FormTurn = { replies: Reply[]; state?: FormState; showMenu?: boolean };

/** Services the engine borrows from the bot. */
export type FormEngineDeps = {
  /** Answers a policy question typed mid-form, or returns undefined if the text is not a question. */
  answerQuestion?: (text: string, ctx: TurnContext) => Reply[] | undefined;
  /** Recognises text that is not an answer (a question about the step, small talk); undefined when it may be one. */
  aside?: (text: string, ctx: TurnContext, phase: AsidePhase) => Aside | undefined;
  /** The human contact line for this user (their cadre, the county office, 12317). */
  contact: (ctx: TurnContext) => Promise<string>;
  log: (message: string, error?: unknown) => void;
};

const MAX_TRIES = 3;
const SKIP_WORDS = new Set(['跳过', '没有', '无', '不填', '不用', '略', '没', '冇', 'skip']);
const CONFIRM: Choice = { id: 'form:confirm', label: '确认提交' };
const BACK: Choice = { id: 'cmd:back', label: '返回修改' };
const CANCEL: Choice = { id: 'cmd:cancel', label: '取消' };
const SKIP: Choice = { id: 'form:skip', label: '跳过' };
const HELP_CHOICES: Choice[] = [
  { id: 'cmd:menu', label: '回主菜单' },
  { id: 'cmd:human', label: '找人帮忙' },
];

/** Runs declarative forms: prompts, validation, global words, retries, confirmation, submit. */
export class FormEngine {
  constructor(
    private readonly forms: ReadonlyMap<string, FormDef>,
    private readonly deps: FormEngineDeps,
  ) {}

  /** Whether a form with this id is registered. */
  has(formId: string): boolean {
    return this.forms.has(formId);
  }

  /** Starts a form and asks its first question. */
  async start(formId: string, ctx: TurnContext, prefill: Answers = {}): Promise<FormTurn> {
    const def = this.def(formId);
    const answers = { ...(await def.prefill?.(ctx)), ...prefill };
    const state: FormState = { formId, step: -1, answers, shown: {}, tries: 0, history: [], submissionId: randomUUID() };
    state.step = this.nextStep(def, state, -1);
    return { replies: await this.ask(def, state, ctx), state };
  }

  /** Handles one incoming message inside an active form. */
  async handle(state: FormState, ctx: TurnContext): Promise<FormTurn> {
    const def = this.def(state.formId);
    const { incoming } = ctx;
    const command = commandOf(incoming.choiceId, incoming.text);
    if (command) return this.onCommand(command, def, state, ctx);
    if (state.step >= def.fields.length) return this.onConfirm(def, state, ctx);
    const field = def.fields[state.step] as Field;
    const accepted = field.accepts?.includes(incoming.kind) ?? false;
    if (incoming.kind !== 'text' && !accepted && incoming.choiceId === undefined) {
      const wanted = field.accepts?.length ? '文字、图片或位置' : '文字';
      return this.again(def, state, ctx, `这一步需要您发${wanted}。`);
    }
    const choices = await this.choicesOf(field, state, ctx);
    const choice = matchChoice(choices, incoming);
    const text = incoming.kind === 'text' && incoming.choiceId === undefined ? cleanText(incoming.text ?? '') : '';
    // A clear question ("不知道身份证号", "低保一个月多少钱") must not be taken as the answer: a name or a
    // free-text field accepts those characters. Sent again unchanged, a question is read as the answer after all.
    const aside = text && !choice && state.aside !== text ? this.deps.aside?.(text, ctx, 'before') : undefined;
    const before = aside?.kind === 'say' && field.takesQuestions ? undefined : aside;
    if (before?.kind === 'say') state.aside = text;
    if (before) return this.onAside(before, def, state, ctx, field);
    const result = await this.read(field, choice, ctx, state);
    if (result.ok) return this.accept(def, state, ctx, field, result);
    if (result.free) return this.again(def, state, ctx, result.reason);
    const after = text ? this.deps.aside?.(text, ctx, 'after') : undefined;
    if (after) return this.onAside(after, def, state, ctx, field);
    const question = text ? this.deps.answerQuestion?.(text, ctx) : undefined;
    if (question) {
      const resume = await this.ask(def, state, ctx);
      return { replies: [...question, ...withPrefix('我们接着填：', resume)], state };
    }
    return this.fail(def, state, ctx, field, result.reason);
  }

  private async onAside(aside: Aside, def: FormDef, state: FormState, ctx: TurnContext, field: Field): Promise<FormTurn> {
    const resume = await this.ask(def, state, ctx);
    if (aside.kind === 'say') return { replies: [...aside.replies, ...withPrefix('我们接着填：', resume)], state };
    const help = field.help ?? `这一步要填「${field.label}」，比如：${field.example}。`;
    const other = `现在不方便的话，可以回复"取消"，以后再来；也可以找人帮忙办：\n${await this.deps.contact(ctx)}`;
    return { replies: [reply(`${help}\n${other}`), ...withPrefix('方便的话，我们接着填：', resume)], state };
  }

  private def(formId: string): FormDef {
    const def = this.forms.get(formId);
    if (!def) throw new Error(`Unknown form "${formId}": register it in the bot's flow list.`);
    return def;
  }

  private async read(field: Field, choice: Choice | undefined, ctx: TurnContext, state: FormState): Promise<ParseResult> {
    const { incoming } = ctx;
    const text = cleanText(incoming.text ?? '');
    if (field.optional && (choice?.id === SKIP.id || (!choice && SKIP_WORDS.has(matchKey(text))))) {
      return { ok: true, value: null, shown: '（未填）' };
    }
    if (field.parse) return field.parse({ text, choice, incoming }, state.answers, ctx);
    if (field.choices) {
      return choice ? { ok: true, value: choice.id, shown: choice.label } : { ok: false, reason: '请回复选项前面的数字。' };
    }
    if (!field.schema) return text ? { ok: true, value: text } : { ok: false, reason: '请打字回答。' };
    const parsed = field.schema.safeParse(text);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: parsed.error.issues[0]?.message ?? '格式不对。' };
  }

  private async accept(
    def: FormDef,
    state: FormState,
    ctx: TurnContext,
    field: Field,
    result: ParseResult & { ok: true },
  ): Promise<FormTurn> {
    const changed = field.key in state.shown && !sameAnswer(state.answers[field.key], result.value);
    state.answers[field.key] = result.value;
    state.shown[field.key] = result.shown ?? String(result.value ?? '');
    if (changed) forgetAfter(def, state, state.step);
    forgetInapplicable(def, state);
    state.history.push(state.step);
    state.step = this.nextStep(def, state, state.step);
    state.tries = 0;
    delete state.aside;
    if (state.step >= def.fields.length && def.confirm === false) return this.submit(def, state, ctx);
    return { replies: await this.ask(def, state, ctx), state };
  }

  private async fail(def: FormDef, state: FormState, ctx: TurnContext, field: Field, reason: string): Promise<FormTurn> {
    state.tries += 1;
    if (state.tries < MAX_TRIES) return this.again(def, state, ctx, reason);
    state.tries = 0;
    const choices = [...(await this.choicesOf(field, state, ctx)), ...HELP_CHOICES];
    const text = `${reason}\n这一项要填的是「${field.label}」，比如：${field.example}\n您可以再试一次；也可以回主菜单，或找人帮忙。`;
    return { replies: [reply(text, choices)], state };
  }

  private async again(def: FormDef, state: FormState, ctx: TurnContext, reason: string): Promise<FormTurn> {
    return { replies: withPrefix(`${reason}\n`, await this.ask(def, state, ctx)), state };
  }

  private async onCommand(command: Command, def: FormDef, state: FormState, ctx: TurnContext): Promise<FormTurn> {
    switch (command) {
      case 'cancel':
        return { replies: [reply(`好的，「${def.title}」已取消，填的内容没有保存。`)], showMenu: true };
      case 'menu':
        return { replies: [reply(`已退出「${def.title}」，填的内容没有保存。`)], showMenu: true };
      case 'back': {
        const previous = state.history.pop();
        if (previous === undefined) return this.again(def, state, ctx, '已经是第一步了。');
        state.step = previous;
        state.tries = 0;
        delete state.aside;
        return { replies: await this.ask(def, state, ctx), state };
      }
      case 'human':
        return { replies: [reply(await this.deps.contact(ctx)), ...(await this.ask(def, state, ctx))], state };
      case 'help': {
        const field = def.fields[state.step];
        const hint = field ? (field.help ?? `这一项要填「${field.label}」，比如：${field.example}`) : '请核对上面的内容，回复1提交。';
        const words = '随时可以回复：返回（上一步）、取消、菜单、人工。';
        return { replies: [reply(`${hint}\n${words}`), ...(await this.ask(def, state, ctx))], state };
      }
    }
  }

  private async onConfirm(def: FormDef, state: FormState, ctx: TurnContext): Promise<FormTurn> {
    const choice = matchChoice([CONFIRM, BACK, CANCEL], ctx.incoming);
    const command = choice && commandOfChoice(choice.id);
    if (command) return this.onCommand(command, def, state, ctx);
    if (choice?.id !== CONFIRM.id && !isYes(ctx.incoming.text)) {
      return this.fail(
        def,
        state,
        ctx,
        { key: 'confirm', label: '确认', prompt: '', example: '回复 1 确认提交' },
        '请回复 1 确认提交，2 返回修改，3 取消。',
      );
    }
    return this.submit(def, state, ctx);
  }

  private async submit(def: FormDef, state: FormState, ctx: TurnContext): Promise<FormTurn> {
    forgetInapplicable(def, state);
    // Forms saved before submission ids existed get one now; it is kept with the state for a retry.
    state.submissionId ??= randomUUID();
    try {
      return { replies: await def.submit(state.answers, ctx, state.submissionId) };
    } catch (error) {
      this.deps.log(`submit of form ${def.id} failed`, error);
      if (def.confirm === false) return { replies: [reply('抱歉，系统出了点问题，请稍后再试。', [{ id: 'cmd:menu', label: '回主菜单' }])] };
      const text = '抱歉，刚才没有保存成功，您的内容还没有提交。请稍后回复 1 再试一次，或回复"人工"找人帮忙。';
      return { replies: [reply(text, [CONFIRM, BACK, CANCEL])], state };
    }
  }

  private async ask(def: FormDef, state: FormState, ctx: TurnContext): Promise<Reply[]> {
    if (state.step >= def.fields.length) return [this.summary(def, state)];
    const field = def.fields[state.step] as Field;
    const prompt = typeof field.prompt === 'function' ? await field.prompt(state.answers, ctx) : field.prompt;
    const total = def.fields.filter((f) => !f.when || f.when(state.answers)).length;
    const position = state.history.length + 1;
    const asked = reply(`【${def.title} ${Math.min(position, total)}/${total}】${prompt}`, await this.choicesOf(field, state, ctx));
    const accepts = field.accepts?.filter((kind) => ctx.capabilities?.sends.includes(kind) ?? true);
    return [accepts?.length ? { ...asked, accepts } : asked];
  }

  private summary(def: FormDef, state: FormState): Reply {
    forgetInapplicable(def, state);
    const lines = def.summary
      ? def.summary(state.answers, state.shown)
      : def.fields.filter((f) => f.key in state.shown).map((f) => `${f.label}：${state.shown[f.key]}`);
    return reply(`请核对「${def.title}」：\n${lines.join('\n')}\n没问题请回复 1 提交。`, [CONFIRM, BACK, CANCEL]);
  }

  private async choicesOf(field: Field, state: FormState, ctx: TurnContext): Promise<Choice[]> {
    const base = typeof field.choices === 'function' ? await field.choices(state.answers, ctx) : (field.choices ?? []);
    return field.optional ? [...base, SKIP] : base;
  }

  private nextStep(def: FormDef, state: FormState, from: number): number {
    let step = from + 1;
    while (step < def.fields.length && def.fields[step]?.when?.(state.answers) === false) step += 1;
    return step;
  }
}

function commandOf(choiceId: string | undefined, text: string | undefined): Command | undefined {
  if (choiceId !== undefined) return commandOfChoice(choiceId);
  return text ? parseCommand(text) : undefined;
}

/**
 * An answer changed (the user went back and chose differently): the answers after it were given under the old one,
 * and the form asks them again in order, so they are dropped. Prefilled values (never shown) are kept.
 */
function forgetAfter(def: FormDef, state: FormState, step: number): void {
  for (const field of def.fields.slice(step + 1)) forget(state, field.key);
}

/** Drops the answers of fields whose `when` no longer holds, in form order so that a cleared answer clears those that hang on it. */
function forgetInapplicable(def: FormDef, state: FormState): void {
  for (const field of def.fields) {
    if (field.key in state.shown && field.when?.(state.answers) === false) forget(state, field.key);
  }
}

function forget(state: FormState, key: string): void {
  if (!(key in state.shown)) return;
  delete state.answers[key];
  delete state.shown[key];
}

function sameAnswer(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function isYes(text: string | undefined): boolean {
  return ['确认', '确定', '提交', '对', '是', '好', '好的', '可以', '没问题', 'ok', 'yes'].includes(matchKey(text ?? ''));
}

function withPrefix(prefix: string, replies: Reply[]): Reply[] {
  const [first, ...rest] = replies;
  return first ? [{ ...first, text: `${prefix}${first.text}` }, ...rest] : replies;
}
