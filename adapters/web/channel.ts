import type { Capabilities } from '../../src/core/types.js';

/** The channel name web users are stored under. */
export const WEB_CHANNEL = 'web';

/** What the web page renders: buttons and long texts (folded after a few lines); its users can send photos. */
export const WEB_CAPABILITIES: Capabilities = { buttons: true, maxTextLength: 10_000, sends: ['image'] };
