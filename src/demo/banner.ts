import type { DemoLogin } from '../registry/demo.js';

/** The start-up banner of a demo data dir: fictional data, the demo logins, and how real use starts instead. */
export function demoBanner(login: DemoLogin, cadreCode: string): string {
  const rule = '='.repeat(78);
  return [
    rule,
    '  DEMO MODE (演示模式): this data dir holds fictional demo data only.',
    `  Demo logins work here: household ${login.name}, ID tail ${login.idTail}; cadre: 干部绑定 ${cadreCode}.`,
    '  Real registry imports into this data dir are refused.',
    '  For real use, start on a new, empty data dir with BANGFU_MODE=real and ID_HASH_KEY_FILE',
    '  (README, "Security and privacy").',
    rule,
  ].join('\n');
}
