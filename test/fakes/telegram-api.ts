import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, InlineKeyboardMarkup, Message, Update, User } from 'grammy/types';

/** One Bot API call the fake received, and the bot token it came with. */
export type ApiCall = { method: string; params: Record<string, unknown>; at: number; token: string };

/** An error the fake answers with, as Telegram words it. */
export type ApiError = { error_code: number; description: string; parameters?: { retry_after?: number } };

/** A message the bot sent, as the fake recorded it. */
export type SentMessage = { message_id: number; chat_id: string; text: string; reply_markup?: InlineKeyboardMarkup };

/** The token the fake accepts unless told otherwise. */
export const FAKE_TOKEN = '123456789:TEST-fake-token_for_bangfu';

const BOT_INFO = {
  id: 123456789,
  is_bot: true,
  first_name: '帮扶助手',
  username: 'bangfu_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

type StoredFile = { filePath: string; bytes: Buffer; uniqueId: string };

/** A Telegram Bot API stand-in on 127.0.0.1: queues updates for getUpdates, records calls, fails on request. */
export class FakeTelegramApi {
  readonly calls: ApiCall[] = [];
  readonly sent: SentMessage[] = [];
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextQueryId = 1;
  private readonly waiters = new Set<() => void>();
  private readonly failures = new Map<string, ApiError[]>();
  private readonly blocked = new Set<string>();
  private readonly files = new Map<string, StoredFile>();
  private readonly otherTokens = new Set<string>();
  private readonly listeners = new Set<(call: ApiCall) => void>();

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
    private readonly maxHoldMs: number,
  ) {}

  /** Starts the fake on a free port; getUpdates holds a long poll at most `maxHoldMs`. */
  static async start(options: { token?: string; maxHoldMs?: number } = {}): Promise<FakeTelegramApi> {
    let fake: FakeTelegramApi | undefined;
    const server = createServer((req, res) => {
      fake?.serve(req, res).catch((error: unknown) => send(res, 500, { ok: false, error_code: 500, description: String(error) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegramApi(server, options.token ?? FAKE_TOKEN, `http://127.0.0.1:${port}`, options.maxHoldMs ?? 200);
    return fake;
  }

  /** Queues an update for the next getUpdates and returns it with its update_id. */
  push(update: Omit<Update, 'update_id'>): Update {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update;
    this.queue.push(full);
    for (const wake of this.waiters) wake();
    return full;
  }

  /** Queues a private-chat message (text, photo, location…) from user `chatId`. */
  userMessage(chatId: number, content: Partial<Message>): Update {
    const message = { message_id: this.nextMessageId++, date: now(), chat: chatOf(chatId), from: userOf(chatId), ...content };
    return this.push({ message: message as NonNullable<Update['message']> });
  }

  /** Queues a text message; a leading /command gets its bot_command entity, as Telegram sends it. */
  sendText(chatId: number, text: string): Update {
    const command = /^\/\w+/.exec(text)?.[0];
    return this.userMessage(chatId, command ? { text, entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : { text });
  }

  /** Queues a press of the button carrying `data` on a message the bot sent. */
  pressButton(chatId: number, data: string, on?: SentMessage): Update {
    const message = on
      ? ({
          message_id: on.message_id,
          date: now(),
          chat: chatOf(chatId),
          from: BOT_INFO,
          text: on.text,
          reply_markup: on.reply_markup,
        } as Message)
      : undefined;
    const query: CallbackQuery = { id: `cq-${this.nextQueryId++}`, from: userOf(chatId), chat_instance: `ci-${chatId}`, data, message };
    return this.push({ callback_query: query });
  }

  /** Makes a file downloadable through getFile and /file/bot<token>/<path>. */
  addFile(fileId: string, bytes: Buffer, filePath: string): void {
    this.files.set(fileId, { filePath, bytes, uniqueId: `unique-${fileId}` });
  }

  /** The next call to `method` fails with this error (queue several for several failures). */
  failNext(method: string, error: ApiError): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** From now on, sending to this chat answers 403 (the user blocked the bot). */
  block(chatId: number | string): void {
    this.blocked.add(String(chatId));
  }

  /** Accepts another token too (the same bot seen from several processes, told apart by their tokens). */
  acceptToken(token: string): void {
    this.otherTokens.add(token);
  }

  /** Calls `listener` with every call as it arrives (after it was recorded); returns how to stop. */
  onCall(listener: (call: ApiCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The calls made to one method. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The messages sent to one chat, oldest first. */
  sentTo(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === String(chatId));
  }

  /** Ends pending long polls and closes the server and its connections. */
  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.apiRoot).pathname;
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (file) return this.serveFile(res, file[1] ?? '', decodeURIComponent(file[2] ?? ''));
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (!call) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = call[1] ?? '';
    if (token !== this.token && !this.otherTokens.has(token))
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = call[2] ?? '';
    const params = await readJson(req);
    const recorded = { method, params, at: Date.now(), token };
    this.calls.push(recorded);
    for (const listener of this.listeners) listener(recorded);
    const failure = this.failures.get(method)?.shift();
    if (failure) return send(res, failure.error_code, { ok: false, ...failure });
    const result = await this.answer(method, params, res);
    if (result === undefined) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    if (result instanceof Error) return send(res, 403, { ok: false, error_code: 403, description: result.message });
    if (!res.destroyed) send(res, 200, { ok: true, result });
  }

  private async answer(method: string, params: Record<string, unknown>, res: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return BOT_INFO;
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'sendMessage':
        return this.sendMessage(params);
      case 'getFile': {
        const stored = this.files.get(String(params.file_id));
        const id = String(params.file_id);
        return stored
          ? { file_id: id, file_unique_id: stored.uniqueId, file_size: stored.bytes.length, file_path: stored.filePath }
          : { file_id: id, file_unique_id: `unique-${id}` };
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      default:
        return undefined;
    }
  }

  private async getUpdates(params: Record<string, unknown>, res: ServerResponse): Promise<Update[]> {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const holdMs = Math.min(Number(params.timeout ?? 0) * 1000, this.maxHoldMs);
    if (this.queue.length === 0 && holdMs > 0) await this.waitForUpdate(holdMs, res);
    return this.queue.slice(0, Number(params.limit ?? 100));
  }

  private waitForUpdate(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      // The client gave up (bot.stop aborts its long poll).
      res.on('close', done);
    });
  }

  private sendMessage(params: Record<string, unknown>): Message | Error {
    const chatId = String(params.chat_id);
    if (this.blocked.has(chatId)) return new Error('Forbidden: bot was blocked by the user');
    const sent: SentMessage = { message_id: this.nextMessageId++, chat_id: chatId, text: String(params.text) };
    if (params.reply_markup) sent.reply_markup = params.reply_markup as InlineKeyboardMarkup;
    this.sent.push(sent);
    return {
      message_id: sent.message_id,
      date: now(),
      chat: chatOf(Number(chatId)),
      from: BOT_INFO,
      text: sent.text,
      reply_markup: sent.reply_markup,
    } as Message;
  }

  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    const stored = [...this.files.values()].find((f) => f.filePath === filePath);
    if (token !== this.token || !stored) {
      send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stored.bytes.length });
      res.end(stored.bytes);
    }
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return body ? (JSON.parse(body) as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function chatOf(chatId: number): Message['chat'] {
  return { id: chatId, type: 'private', first_name: '测试' };
}

function userOf(chatId: number): User {
  return { id: chatId, is_bot: false, first_name: '测试', language_code: 'zh-hans' };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
