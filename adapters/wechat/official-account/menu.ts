import type { Choice } from '../../../src/model/reply.js';
import type { MenuButton } from './api.js';

/** WeChat's limits: 3 top-level buttons of 5 sub-buttons; names of 16 bytes (top) and 40 (sub, the older and stricter figure), keys of 128 bytes. */
const LIMITS = { top: 3, sub: 5, topName: 16, subName: 40, key: 128 } as const;

/** The fixed help column: the core's command choices. */
const HELP: Choice[] = [
  { id: 'cmd:menu', label: '主菜单' },
  { id: 'cmd:human', label: '找人工' },
  { id: 'cmd:help', label: '怎么用' },
];

/** The custom menu and the main-menu choices that did not fit (they stay reachable by typing). */
export type OfficialMenu = { button: MenuButton[]; left: Choice[] };

/** Lays the main menu out as WeChat's custom menu: up to ten choices over "办事" and "更多", then "帮助"; click keys are the choice ids. */
export function officialMenu(choices: readonly Choice[]): OfficialMenu {
  const usable = choices.filter((c) => bytes(c.id) <= LIMITS.key);
  const capacity = (LIMITS.top - 1) * LIMITS.sub;
  const shown = usable.slice(0, capacity);
  // Two half-full columns read better than a full one and a stub.
  const firstColumn = shown.length <= LIMITS.sub ? shown.length : Math.ceil(shown.length / 2);
  const columns = [
    { name: '办事', choices: shown.slice(0, firstColumn) },
    { name: '更多', choices: shown.slice(firstColumn) },
    { name: '帮助', choices: HELP },
  ].filter((column) => column.choices.length > 0);
  const button: MenuButton[] = columns.map((column) => ({
    name: withinBytes(column.name, LIMITS.topName),
    sub_button: column.choices.map((c) => ({ type: 'click' as const, name: withinBytes(c.label, LIMITS.subName), key: c.id })),
  }));
  return { button, left: choices.filter((c) => !shown.includes(c)) };
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function withinBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let out = '';
  for (const char of text) {
    if (bytes(`${out}${char}…`) > max) break;
    out += char;
  }
  return `${out}…`;
}
