import type { WeChatState } from '../../adapters/wechat/status.js';
import type { CheckState } from './readiness.js';

// 'stopped' before the first login means not yet started; after the adapter started it means logged out (see main.ts).
const WECHAT: Record<WeChatState, CheckState> = { stopped: 'starting', 'waiting-scan': 'starting', 'logged-in': 'ok', error: 'failed' };

/** A WeChat adapter's readiness from its status board: logged in (personal) or menu created (Official Account). */
export function wechatCheck(state: WeChatState, started: boolean): CheckState {
  if (state === 'stopped' && started) return 'failed';
  return WECHAT[state];
}

/** Telegram's readiness: receiving updates (long polling running, or the webhook attached) and sending the outbox. */
export function telegramCheck(status: { running: boolean }): CheckState {
  return status.running ? 'ok' : 'failed';
}
