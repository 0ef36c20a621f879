import { complaintScript } from '../../bench/chat-load.js';
import type { ApiCall, FakeTelegramApi } from '../fakes/telegram-api.js';
import type { Cluster, Instance } from './cluster.js';

/** A reporter's update (src/ledger/complaint-service.ts statusUpdate): outbox messages, not answers to a message. */
export const NOTICE = /^您反映的问题（查询码 ([A-Z0-9]{8})）有新进展/;
const CODE = /查询码是：([A-Z0-9]{8})/;

/** The texts a user types for one anonymous 反映问题 complaint. */
export const FORM_TEXTS = complaintScript({ township: '东坡乡', village: '红星村' }).map((step) => step.text ?? '');

/** One Telegram conversation: what its user sent, which of those were acknowledged, and whether it was cut short. */
export type Conversation = { chatId: number; acked: number; cut: boolean; lostReply?: string };

/** Resolves when `ready()` holds, checked now, at every Bot API call and every 250 ms; rejects after `timeoutMs` naming `what`. */
export function until(fake: FakeTelegramApi, ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!ready()) return;
      clearTimeout(timer);
      clearInterval(poll);
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      clearInterval(poll);
      stop();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const stop = fake.onCall(check);
    // Some conditions change without a call (an instance going down): looked at now and then as well.
    const poll = setInterval(check, 250);
  });
}

/** The answers (not outbox notices) the fake Bot API received for one chat, oldest first, tracking codes masked. */
export function answersTo(fake: FakeTelegramApi, chatId: number): string[] {
  return fake
    .sentTo(chatId)
    .map((m) => m.text)
    .filter((text) => !NOTICE.test(text))
    .map(maskCodes);
}

/** Tracking codes confirmed to users by the answers the fake received. */
export function confirmedCodes(fake: FakeTelegramApi): Set<string> {
  const codes = new Set<string>();
  for (const m of fake.sent) {
    const code = CODE.exec(m.text)?.[1];
    if (code) codes.add(code);
  }
  return codes;
}

/** The sendMessage calls that were reporters' updates. */
export function noticeCalls(fake: FakeTelegramApi): ApiCall[] {
  return fake.callsOf('sendMessage').filter((c) => NOTICE.test(String(c.params.text)));
}

function maskCodes(text: string): string {
  return text.replace(/[A-Z0-9]{8}/g, '<code>');
}

const THINK_MS = 100;
let nextUpdateId = 1;
let nextMessageId = 1;

/** A private-chat text message as Telegram posts it to a webhook. */
export function textUpdate(chatId: number, text: string): unknown {
  const person = { id: chatId, first_name: '测试' };
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { ...person, type: 'private' },
      from: { ...person, is_bot: false, language_code: 'zh-hans' },
      text,
    },
  };
}

/**
 * The answers to each step of the form, from one conversation on one instance with nothing else running: how many
 * messages answer each step, and the whole transcript.
 */
export async function referenceTranscript(
  fake: FakeTelegramApi,
  cluster: Cluster,
  chatId: number,
): Promise<{ perStep: number[]; all: string[] }> {
  const perStep: number[] = [];
  const instance = cluster.instances[0] as Instance;
  for (const text of FORM_TEXTS) {
    const before = answersTo(fake, chatId).length;
    const status = await cluster.postUpdate(instance, textUpdate(chatId, text));
    if (status !== 200) throw new Error(`the reference conversation got ${status} for ${text}`);
    perStep.push(answersTo(fake, chatId).length - before);
  }
  return { perStep, all: answersTo(fake, chatId) };
}

/**
 * A user filling 反映问题 forms one after another over Telegram, each message to the other instance than the one
 * before, reading each answer before typing on (as people do). A conversation whose message fails (its instance was
 * killed) is given up and the next one starts on a new chat: whether the lost message was handled is unknown.
 */
export async function formWriter(
  fake: FakeTelegramApi,
  cluster: Cluster,
  reference: { perStep: number[] },
  firstChatId: number,
  running: () => boolean,
  conversations: Conversation[],
): Promise<void> {
  const expectedAfter = (steps: number) => reference.perStep.slice(0, steps).reduce((a, b) => a + b, 0);
  for (let n = 0; running(); n += 1) {
    const conversation: Conversation = { chatId: firstChatId + n, acked: 0, cut: false };
    conversations.push(conversation);
    for (let step = 0; step < FORM_TEXTS.length && running(); step += 1) {
      const instance = cluster.pick(firstChatId + step);
      if (!instance) {
        conversation.cut = true;
        break;
      }
      const generation = instance.generation;
      const status = await cluster.postUpdate(instance, textUpdate(conversation.chatId, FORM_TEXTS[step] ?? ''));
      if (status !== 200) {
        conversation.cut = true;
        break;
      }
      conversation.acked = step + 1;
      // A moment to read and type: the load stays light enough that a killed instance restarts in good time.
      await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      // Normally the answers went out before the webhook answered; the instance dying first loses them.
      const gone = () => instance.generation !== generation || instance.child === undefined;
      const want = expectedAfter(step + 1);
      await until(
        fake,
        () => answersTo(fake, conversation.chatId).length >= want || gone(),
        60_000,
        `answers to chat ${conversation.chatId}`,
      );
      if (answersTo(fake, conversation.chatId).length < want) {
        conversation.lostReply = `step ${step + 1}`;
        conversation.cut = true;
        break;
      }
    }
  }
}
