import type { Reply } from '../../src/model/reply.js';
import { renderNumbered } from '../shared/numbered.js';
import { chars, type Measure, splitText } from './split-text.js';

/** A core reply as WeChat texts: choices as "回复数字" numbered lines, split within `max` at line breaks. */
export function renderReply(reply: Reply, max: number, measure: Measure = chars): string[] {
  return splitText(renderNumbered(reply), max, measure);
}
