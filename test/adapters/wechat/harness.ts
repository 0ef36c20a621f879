import { mock, PuppetMock } from 'wechaty-puppet-mock';
import type { Clock } from '../../../adapters/wechat/clock.js';
import { startWeChat, type WeChatAdapter } from '../../../adapters/wechat/start-wechat.js';
import type { Config } from '../../../src/config.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Incoming } from '../../../src/core/types.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../telegram/harness.js';

export { waitFor };

type Mocker = InstanceType<typeof mock.Mocker>;
/** A contact of the mock WeChat world. */
export type MockContact = ReturnType<Mocker['createContact']>;
/** A group of the mock WeChat world. */
export type MockRoom = ReturnType<Mocker['createRoom']>;

/** A clock whose sleeps return at once and move its time on: throttling is measured in its time, not waited out. */
export class VirtualClock implements Clock {
  private time = Date.parse('2026-03-02T09:00:00+08:00');

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.time += Math.max(0, ms);
    // Yield to I/O, so a loop of sleeps never starves the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One line the adapter logged. */
export type LogEntry = { level: 'info' | 'warn' | 'error'; details: object; message: string };

/** A logger that keeps what it is told. */
export function recordingLog(entries: LogEntry[]) {
  const at = (level: LogEntry['level']) => (details: object, message: string) => {
    entries.push({ level, details, message });
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** A text the bot sent, with the conversation and the virtual time it went out. */
export type Sent = { to: string; text: string; at: number };

/** The real app, a mock WeChat world logged in as the bot, the running adapter and what went in and out. */
export type WeChatTest = {
  app: TestApp;
  mocker: Mocker;
  puppet: PuppetMock;
  /** The bot's own WeChat account. */
  self: MockContact;
  wechat: WeChatAdapter;
  clock: VirtualClock;
  /** Every Incoming the core saw. */
  seen: Incoming[];
  /** Every text the bot sent, in order. */
  sent: Sent[];
  /** What the adapter logged. */
  logs: LogEntry[];
  /** A new contact who is a friend of the bot. */
  contact: (name: string) => MockContact;
  /** Has a contact send text and waits for a reply to them matching `expected`. */
  say: (contact: MockContact, text: string, expected: RegExp) => Promise<Sent>;
  /** Texts sent to a conversation. */
  sentTo: (id: string) => Sent[];
  dispose: () => Promise<void>;
};

/** Options: extra environment, a wrapper around the core bot, and the adapter's knobs. */
export type WeChatTestOptions = {
  /** An app to reuse (building one costs about a second); it is left running at dispose. */
  app?: TestApp;
  env?: Record<string, string>;
  /** Settings that differ from the app's configuration for this adapter only. */
  config?: Partial<Config>;
  wrapBot?: (bot: Pick<Bot, 'handle'>) => Pick<Bot, 'handle'>;
  random?: () => number;
  reconnectBaseMs?: number;
  login?: boolean;
  /** Receives what the adapter draws in the terminal (the login QR code). */
  print?: (text: string) => void;
};

/** Builds the real app on a temp DATA_DIR and starts the WeChat adapter on wechaty-puppet-mock, logged in. */
export async function startWeChatTest(options: WeChatTestOptions = {}): Promise<WeChatTest> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const app = options.app ?? (await createTestApp({ WECHATY_PUPPET: 'wechaty-puppet-mock', ...options.env }));
  const clock = new VirtualClock();
  const seen: Incoming[] = [];
  const sent: Sent[] = [];
  const logs: LogEntry[] = [];
  const spy: Pick<Bot, 'handle'> = {
    handle: (incoming) => {
      seen.push(incoming);
      return app.bot.handle(incoming);
    },
  };
  const wechat = await startWeChat({
    config: { ...app.config, ...options.config },
    bot: options.wrapBot ? options.wrapBot(spy) : spy,
    store: app.store,
    log: recordingLog(logs),
    logId: app.logId,
    puppet,
    pacing: clock,
    random: options.random ?? (() => 0.5),
    print: options.print ?? (() => {}),
    outboxIntervalMs: 20,
    reconnectBaseMs: options.reconnectBaseMs ?? 60_000,
  });
  const self = mocker.createContact({ name: '帮扶助手' });
  const listen = (id: string) => (message: { talker(): { id: string }; text(): string | undefined }) => {
    if (message.talker().id === self.id) sent.push({ to: id, text: message.text() ?? '', at: clock.now() });
  };
  if (options.login !== false) {
    mocker.login(self);
    await waitFor(() => wechat.status().state === 'logged-in', { what: 'the mock login' });
  }
  const sentTo = (id: string) => sent.filter((s) => s.to === id);
  return {
    app,
    mocker,
    puppet,
    self,
    wechat,
    clock,
    seen,
    sent,
    logs,
    contact: (name) => {
      const contact = mocker.createContact({ name });
      contact.on('message', listen(contact.id));
      return contact;
    },
    say: async (contact, text, expected) => {
      const mark = sentTo(contact.id).length;
      contact.say(text).to(self);
      return waitFor(
        () =>
          sentTo(contact.id)
            .slice(mark)
            .find((s) => expected.test(s.text)),
        { what: `a reply to ${contact.payload.name} matching ${expected}` },
      );
    },
    sentTo,
    dispose: async () => {
      await wechat.stop();
      if (!options.app) await app.dispose();
    },
  };
}

/** Listens for the bot's texts in a group. */
export function listenToRoom(t: WeChatTest, room: MockRoom): void {
  room.on('message', (message: { talker(): { id: string }; text(): string | undefined }) => {
    if (message.talker().id === t.self.id) t.sent.push({ to: room.id, text: message.text() ?? '', at: t.clock.now() });
  });
}
