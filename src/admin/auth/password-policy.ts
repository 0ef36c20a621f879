import { COMMON_PASSWORDS } from './common-passwords.js';

/** The shortest password staff may choose. */
export const MIN_PASSWORD_LENGTH = 10;
/** The longest password accepted (scrypt input stays bounded). */
export const MAX_PASSWORD_LENGTH = 200;
/** How the policy is described next to a new-password field. */
export const PASSWORD_HINT = `至少 ${MIN_PASSWORD_LENGTH} 位，混用字母、数字、符号；不要用常见密码、键盘连排、重复字符或用户名`;

// Characters next to each other on these rows (either direction) are what a person types without thinking.
const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  '!@#$%^&*()',
  '147258369',
  '789456123',
];
const NEIGHBOURS = new Set(RUNS.flatMap((run) => [...run].slice(1).flatMap((c, i) => [`${run[i]}${c}`, `${c}${run[i]}`])));
// A password with fewer characters that do not follow from the one before is a pattern, whatever its length.
const MIN_UNPREDICTABLE = 5;

const LOOK_ALIKES: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const COMMON = new Set(COMMON_PASSWORDS);

function classes(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
}

// Counts the characters that are neither a repeat of nor a keyboard/alphabet neighbour of the one before.
function unpredictable(lower: string): number {
  const chars = [...lower];
  return chars.filter((c, i) => i === 0 || (c !== chars[i - 1] && !NEIGHBOURS.has(`${chars[i - 1]}${c}`))).length;
}

// The password without the digits and symbols people add at the ends, look-alike characters undone.
function stem(lower: string): string {
  const core = lower.replace(/[^a-z]+$/, '').replace(/^\d+/, '');
  return [...core].map((c) => LOOK_ALIKES[c] ?? c).join('');
}

/** Why a chosen password is not acceptable (in Chinese), or undefined when it is. */
export function passwordProblem(password: string, username?: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (length > MAX_PASSWORD_LENGTH) return `密码最多 ${MAX_PASSWORD_LENGTH} 位`;
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  if (classes(password) < 2) return '密码要混用至少两类字符：小写字母、大写字母、数字、符号';
  if (/^(.+?)\1+$/.test(lower) || unpredictable(lower) < MIN_UNPREDICTABLE)
    return '密码不能主要由键盘连排、顺序或重复的字符组成（如 qwerty、123456、aaaa）';
  if (COMMON.has(lower) || COMMON.has(stem(lower))) return '这个密码太常见，很容易被猜到，请换一个';
  return undefined;
}
