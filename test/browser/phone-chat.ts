import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './chromium.js';

/** The phone the walk is done on: a cheap Android's screen in CSS pixels. */
export const PHONE = { width: 360, height: 740 };

type Box = { label: string; top: number; bottom: number; height: number };
type Layout = { log: { top: number; bottom: number }; viewport: number; buttons: Box[]; rows: number; typing: boolean };

// Evaluated as text in the page: the tests are compiled without DOM types.
const LAYOUT = `(() => {
  const box = (e) => e.getBoundingClientRect();
  const log = box(document.getElementById('log'));
  const rows = [...document.querySelectorAll('#log .msg')];
  const fresh = rows.slice(Number(document.body.dataset.seen ?? 0));
  const buttons = fresh
    .filter((r) => !r.classList.contains('user'))
    .flatMap((r) => [...r.querySelectorAll('.choices button:not(:disabled), .more')])
    .map((b) => ({ label: b.textContent, top: box(b).top, bottom: box(b).bottom, height: box(b).height }));
  return { log: { top: log.top, bottom: log.bottom }, viewport: innerHeight, buttons, rows: rows.length,
    typing: !!document.querySelector('.typing') };
})()`;

/** A chat page driven like a person on a phone: every step waits for the reply and checks its buttons are on screen. */
export class PhoneChat {
  private step = 0;

  constructor(
    readonly page: Page,
    private readonly job: string,
  ) {}

  /** Opens the chat page and waits for its first replies (the greeting, or the history after a reload). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('#log .msg.bot .choices button');
    await this.settled('open');
  }

  /** Types a message and sends it with the 发送 button. */
  async say(text: string): Promise<void> {
    await this.turn('say', async () => {
      await this.page.fill('#text', text);
      await this.page.getByRole('button', { name: '发送', exact: true }).click();
    });
  }

  /** Taps the newest reply button whose label starts with `label` (buttons read "1. 达标", "2. 不达标"). */
  async tap(label: string): Promise<void> {
    const starts = new RegExp(`^\\d+\\. ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    await this.turn('tap', () => this.page.locator('.choices button:not(:disabled)', { hasText: starts }).last().click());
  }

  /** Sends a photo with the 发照片 button, which must be showing. */
  async photo(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.turn('photo', async () => {
      expect(await this.page.locator('#photo-button').isVisible()).toBe(true);
      const chooser = this.page.waitForEvent('filechooser');
      await this.page.click('#photo-button');
      await (await chooser).setFiles(file);
    });
  }

  /** The text of the newest bot bubble. */
  lastReply(): Promise<string> {
    return this.page.locator('#log .msg.bot .text').last().innerText();
  }

  private async turn(name: string, act: () => Promise<void>): Promise<void> {
    const before = await this.rows();
    await act();
    // Done when a reply (or a notice) came after the user's bubble and "正在输入…" is gone.
    await until(this.page, `document.querySelectorAll('#log .msg').length >= ${before + 2} && !document.querySelector('.typing')`);
    await this.settled(name, before);
  }

  /** Checks the reply buttons of the rows added since `from` are inside the visible log (not under the input box), ≥ 44 px. */
  private async settled(name: string, from = 0): Promise<void> {
    await this.page.evaluate(`document.body.dataset.seen = '${from}'`);
    const layout = (await this.page.evaluate(LAYOUT)) as Layout;
    for (const b of layout.buttons) {
      const where = `${this.job}/${name}: button "${b.label}" at ${Math.round(b.top)}–${Math.round(b.bottom)}, log ${Math.round(layout.log.top)}–${Math.round(layout.log.bottom)}`;
      expect(b.top, where).toBeGreaterThanOrEqual(layout.log.top - 1);
      expect(b.bottom, where).toBeLessThanOrEqual(layout.log.bottom + 1);
      expect(b.bottom, where).toBeLessThanOrEqual(layout.viewport);
      expect(b.height, where).toBeGreaterThanOrEqual(44);
    }
    this.step += 1;
    await screenshot(this.page, `webchat-${this.job}-${String(this.step).padStart(2, '0')}-${name}`);
  }

  private async rows(): Promise<number> {
    return this.page.locator('#log .msg').count();
  }
}

/**
 * Waits until `condition` (a script) holds in the page. Polled from here with evaluate: Playwright's waitForFunction
 * evaluates its string inside the page, which the page's CSP (no unsafe-eval) rightly refuses.
 */
export async function until(page: Page, condition: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
