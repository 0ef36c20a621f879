import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/model/reply.js';
import { DataDirLockedError } from '../../src/store/lock.js';
import { renderNumbered } from '../shared/numbered.js';
import { CONSOLE_CHANNEL } from './channel.js';

type Send = (text: string) => Promise<Reply[]>;

/** Talks to the bot in-process on DATA_DIR, or to the running server's chat API when it owns the data dir. */
async function connect(userId: string): Promise<{ send: Send; close: () => Promise<void>; where: string }> {
  const config = loadConfig();
  try {
    const app = await buildApp(config, { logger: false });
    const send: Send = (text) => app.bot.handle({ channel: CONSOLE_CHANNEL, userId, kind: 'text', text, receivedAt: new Date() });
    return { send, close: () => app.close(), where: `data dir ${config.DATA_DIR}` };
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const url = `http://${config.HOST}:${config.PORT}/api/chat`;
    const send: Send = async (text) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, text }),
      });
      const body = (await response.json()) as { replies?: Reply[]; error?: string };
      return body.replies ?? [{ text: `（服务器返回错误：${body.error}）` }];
    };
    return { send, close: async () => {}, where: `the running server at ${url}` };
  }
}

/** `npm run chat`: a terminal chat with the same bot; choices are printed as numbered lines. */
async function main(): Promise<void> {
  // The line iterator must exist before the first await, or piped input read meanwhile is lost.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const lines = rl[Symbol.asyncIterator]();
  const { send, close, where } = await connect(`console-${randomUUID().slice(0, 8)}`);
  console.log(`帮扶助手 terminal chat (${where}). Type 退出程序 or press Ctrl+D to leave.\n`);
  const show = (replies: Reply[]) => {
    for (const r of replies) console.log(`\n助手：${renderNumbered(r)}`);
  };
  show(await send(''));
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (next.value.trim() === '退出程序') break;
    show(await send(next.value));
    process.stdout.write('\n我：');
  }
  rl.close();
  await close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
