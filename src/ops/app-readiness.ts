import { TELEGRAM_CHANNEL } from '../../adapters/telegram/channel.js';
import { WEB_CHANNEL } from '../../adapters/web/chat-routes.js';
import { WECHAT_CHANNEL, WECHAT_OA_CHANNEL } from '../../adapters/wechat/channel.js';
import type { WeChatStatusBoard } from '../../adapters/wechat/status.js';
import type { Config } from '../config.js';
import type { MetaRepo } from '../store/legacy-store.js';
import { wechatCheck } from './channel-checks.js';
import { Readiness } from './readiness.js';
import { storeCheck } from './store-check.js';

type ChannelConfig = Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'WECHAT_MODE' | 'WECHATY_PUPPET'>;

/** The chat channels a configuration runs (web always). */
export function enabledChannels(config: ChannelConfig): string[] {
  return [
    WEB_CHANNEL,
    ...(config.TELEGRAM_BOT_TOKEN ? [TELEGRAM_CHANNEL] : []),
    ...(config.WECHAT_MODE === 'personal' && config.WECHATY_PUPPET ? [WECHAT_CHANNEL] : []),
    ...(config.WECHAT_MODE === 'official-account' ? [WECHAT_OA_CHANNEL] : []),
  ];
}

/** What the app's readiness checks read. */
export type AppReadinessDeps = {
  config: ChannelConfig;
  meta: MetaRepo;
  wechatStatus: WeChatStatusBoard;
  now: () => Date;
  log: (message: string, error: unknown) => void;
};

/**
 * The app's readiness: the store takes a write, and every enabled channel has started. Telegram and the personal
 * WeChat account start in main.ts after listen (it reports them with `readiness.track`), so they are expected from here
 * on; the Official Account is a route of this server and follows its status board.
 */
export function appReadiness(deps: AppReadinessDeps): Readiness {
  const readiness = new Readiness();
  readiness.set(
    'store',
    storeCheck({ meta: deps.meta, now: deps.now, onFailure: (error) => deps.log('the store is not writable', error) }),
  );
  const channels = enabledChannels(deps.config);
  for (const channel of [TELEGRAM_CHANNEL, WECHAT_CHANNEL]) if (channels.includes(channel)) readiness.expect(channel);
  if (channels.includes(WECHAT_OA_CHANNEL)) readiness.set(WECHAT_OA_CHANNEL, () => wechatCheck(deps.wechatStatus.snapshot().state, false));
  return readiness;
}
