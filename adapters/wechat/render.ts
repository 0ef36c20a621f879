import type { Reply } from '../../src/model/reply.js';
import { renderNumbered } from '../shared/numbered.js';
import { phoneLines } from './phone-lines.js';
import { chars, type Measure, splitText } from './split-text.js';

/** A core reply as WeChat texts: phone numbers alone on a line, choices as "回复数字" numbered lines, split within `max`. */
export function renderReply(reply: Reply, max: number, measure: Measure = chars): string[] {
  return splitText(renderNumbered({ ...reply, text: phoneLines(reply.text) }), max, measure);
}
