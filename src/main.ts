import { TELEGRAM_CHANNEL } from '../adapters/telegram/channel.js';
import { startTelegram } from '../adapters/telegram/start-telegram.js';
import { WECHAT_CHANNEL } from '../adapters/wechat/channel.js';
import { startWeChat } from '../adapters/wechat/start-wechat.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirError } from './data-dir/errors.js';
import { demoBanner } from './demo/banner.js';
import { demoEnrolmentCode } from './demo/seed.js';
import { telegramCheck, wechatCheck } from './ops/channel-checks.js';
import { demoLogin } from './registry/demo.js';
import { DataDirLockedError } from './store/lock.js';
import { scheduleReminders } from './visits/reminders.js';

/** Starts Bangfu: reads config, builds the app, listens, and prints where it serves. */
async function main(): Promise<void> {
  // Whatever this process or a library it runs creates (data files, WeChat login state, media) is readable by its user only.
  process.umask(0o077);
  const config = loadConfig();
  const app = await buildApp(config);
  const address = await app.server.listen({ host: config.HOST, port: config.PORT });
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? await app.readiness.track(
        TELEGRAM_CHANNEL,
        () => startTelegram({ config, bot: app.bot, store: app.store, server: app.server, log: app.server.log, logId: app.logId }),
        (adapter) => telegramCheck(adapter.status()),
      )
    : undefined;
  // Loads wechaty (slow, large) only when a puppet is configured.
  const wechat =
    config.WECHAT_MODE === 'personal' && config.WECHATY_PUPPET
      ? await app.readiness.track(
          WECHAT_CHANNEL,
          () => startWeChat({ config, bot: app.bot, store: app.store, log: app.server.log, logId: app.logId, status: app.wechatStatus }),
          (adapter) => wechatCheck(adapter.status().state, true),
        )
      : undefined;
  console.log(
    `\nBangfu is running.\n  Web chat:        ${address}/\n  Chat API:        POST ${address}/api/chat\n  Staff dashboard: ${address}/admin\n  Data directory:  ${config.DATA_DIR}\n`,
  );
  for (const notice of app.notices) console.warn(`  Note: ${notice}\n`);
  if (app.demo) console.log(`${demoBanner(await demoLogin(config.CONTENT_DIR), await demoEnrolmentCode(config.CONTENT_DIR))}\n`);
  if (telegram) console.log(`  Telegram:        @${telegram.username} (${telegram.mode})\n`);
  if (wechat)
    console.log(
      `  WeChat:          personal account via ${config.WECHATY_PUPPET}; log in by the QR code above or at ${address}/admin/wechat\n`,
    );
  if (config.WECHAT_MODE === 'official-account')
    console.log(`  WeChat (公众号):  callback URL ${address}/wechat/official-account (use your public https origin)\n`);
  const stopReminders = config.VISIT_REMINDERS
    ? scheduleReminders(app.store, config, (message, error) => app.server.log[error ? 'error' : 'info']({ err: error }, message))
    : undefined;
  const stop = async () => {
    stopReminders?.();
    await telegram?.stop();
    await wechat?.stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof DataDirError) console.error(error.message);
  else console.error('Bangfu could not start:', error);
  process.exit(1);
});
