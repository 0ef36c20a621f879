import type { Reply } from '../../src/model/reply.js';

/** Renders a reply for text-only channels: the text, then choices as "回复数字" numbered lines. */
export function renderNumbered(reply: Reply): string {
  if (!reply.choices?.length) return reply.text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${reply.text}\n${lines.join('\n')}\n（回复数字即可）`;
}
