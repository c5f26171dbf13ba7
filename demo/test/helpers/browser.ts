// Headless Chromium from Debian's package, driven by playwright-core (no browser is
// ever downloaded). Playwright gives every launch a fresh temporary profile
// (--user-data-dir); every test person gets a fresh context (its own cookies).

import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of the final pages (gitignored; CI keeps them as artifacts). */
export const ARTIFACTS = new URL('../../.artifacts/', import.meta.url).pathname;

export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
  t.teardown(() => browser.close());
  return browser;
}

/** A phone-sized window (360 px wide), Russian, JavaScript on unless told otherwise. */
export async function newPerson(browser: Browser, t: Test, options: { javaScript?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'ru-RU',
    javaScriptEnabled: options.javaScript ?? true,
  });
  context.setDefaultTimeout(20_000);
  t.teardown(() => context.close());
  return { context, page: await context.newPage() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** True when the page is no wider than the window (no horizontal scrolling). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}
