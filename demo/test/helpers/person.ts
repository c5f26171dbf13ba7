// What a person does in the browser, step by step: open the demo, press "Войти через
// Госуслуги", pick a persona and answer the consent at the sandbox, read the code in
// the development outbox the code screen links to, type it.

import type { BrowserContext, Page } from 'playwright-core';

export async function startSignIn(page: Page, demoUrl: string): Promise<void> {
  await page.goto(demoUrl);
  await page.getByRole('button', { name: 'Войти через Госуслуги' }).click();
}

/** At the sandbox: the persona, then "Разрешить"/"Отказать" when asked; back at the demo. */
export async function atProvider(page: Page, demoUrl: string, personaId: string, decision: 'allow' | 'deny' = 'allow'): Promise<void> {
  await page.locator(`button[name="persona"][value="${personaId}"]`).click();
  const consent = page.locator(`button[name="decision"][value="${decision}"]`);
  await Promise.race([consent.waitFor(), page.waitForURL(`${demoUrl}/**`)]);
  if (!page.url().startsWith(demoUrl)) await consent.click();
  await page.waitForURL(`${demoUrl}/**`);
}

/** Follows the code screen's link to the service's development outbox and reads the newest code sent to `destination`. */
export async function codeFromOutbox(context: BrowserContext, page: Page, destination: string): Promise<string> {
  const href = await page.getByRole('link', { name: 'журнале отправленных кодов' }).getAttribute('href');
  if (!href) throw new Error('the code screen has no outbox link');
  const outbox = await context.newPage();
  await outbox.goto(href);
  const messages = JSON.parse(await outbox.locator('body').innerText()) as { destination: string; text: string }[];
  await outbox.close();
  const code = /\b(\d{6})\b/.exec(messages.find((m) => m.destination === destination)?.text ?? '')?.[1];
  if (!code) throw new Error(`no code for ${destination} in the outbox`);
  return code;
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Код подтверждения').fill(code);
  await page.getByRole('button', { name: 'Подтвердить' }).click();
}

export const heading = (page: Page) => page.locator('h1').innerText();

/** A code that is surely not `code`. */
export const wrongCode = (code: string) => code.split('').map((d) => String((Number(d) + 1) % 10)).join('');
