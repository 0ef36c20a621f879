/** The logger calls the WeChat adapters make (fastify's pino logger fits). */
export type WeChatLog = {
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
};
