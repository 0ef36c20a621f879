import type { Capabilities } from '../../src/core/types.js';

/** The channel name terminal chats are stored under. */
export const CONSOLE_CHANNEL = 'console';

/** What the terminal renders: numbered lines of any length; its users can only type. */
export const CONSOLE_CAPABILITIES: Capabilities = { buttons: false, maxTextLength: 100_000, sends: [] };
