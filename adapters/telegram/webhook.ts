import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Config, ConfigError } from '../../src/config.js';

/** Where Telegram posts updates, the route that receives them, and the secret Telegram sends back with each. */
export type WebhookTarget = { url: string; path: string; secret: string };

/** Handles one webhook request (grammY's webhookCallback for fastify). */
export type WebhookHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The configuration the webhook reads. */
export type WebhookConfig = Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET'>;

type Slot = { target: WebhookTarget; handler?: WebhookHandler };

const DEFAULT_PATH = '/telegram/webhook';
// The route must exist before listen, the grammY bot only after getMe; the slot joins the two.
const slots = new WeakMap<FastifyInstance, Slot>();

/** The webhook URL, route and secret; without TELEGRAM_WEBHOOK_SECRET the secret is an HMAC of the token, so it survives restarts. */
export function webhookTarget(config: WebhookConfig): WebhookTarget {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token || !config.TELEGRAM_WEBHOOK_URL) {
    throw new ConfigError('The Telegram webhook needs both TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_URL.');
  }
  const url = new URL(config.TELEGRAM_WEBHOOK_URL);
  if (url.pathname === '/') url.pathname = DEFAULT_PATH;
  return { url: url.toString(), path: url.pathname, secret: config.TELEGRAM_WEBHOOK_SECRET ?? deriveWebhookSecret(token) };
}

/** A webhook secret derived from the bot token (hex: within Telegram's allowed characters). */
export function deriveWebhookSecret(token: string): string {
  return createHmac('sha256', token).update('bangfu:telegram-webhook-secret').digest('hex');
}

/** Registers the webhook route on the server (before listen); it answers 503 until startTelegram attaches the bot. */
export function registerTelegramWebhook(server: FastifyInstance, config: WebhookConfig): WebhookTarget {
  const slot: Slot = { target: webhookTarget(config) };
  slots.set(server, slot);
  server.post(slot.target.path, async (request, reply) => {
    if (!slot.handler) return reply.code(503).send({ error: 'The Telegram adapter is not running.' });
    await slot.handler(request, reply);
    return reply;
  });
  return slot.target;
}

/** Points the registered webhook route at a handler, or back at 503 with undefined. */
export function attachWebhookHandler(server: FastifyInstance, handler: WebhookHandler | undefined): WebhookTarget {
  const slot = slots.get(server);
  if (!slot) {
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_URL is set but no webhook route was registered: call registerTelegramWebhook(server, config) in buildApp, before listen.',
    );
  }
  slot.handler = handler;
  return slot.target;
}
