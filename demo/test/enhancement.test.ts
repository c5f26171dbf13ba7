// Progressive enhancement: with JavaScript off every step still works (the re-send
// button is always there and the service's cooldown is told in words); with it on,
// the button waits for a live countdown. Keyboard focus follows the screen's order.

import t from 'tap';
import { findPersona } from '../../src/sandbox/personas.js';
import { launchBrowser, newPerson, screenshot } from './helpers/browser.js';
import { atProvider, codeFromOutbox, enterCode, heading, startSignIn } from './helpers/person.js';
import { demoStack } from './helpers/stack.js';

const COOLDOWN = 5;

t.test('the code screen with and without JavaScript', async (t) => {
  const stack = await demoStack(t, { serviceEnv: { OTP_RESEND_COOLDOWN_SECONDS: String(COOLDOWN) } });
  const browser = await launchBrowser(t);
  const { demoUrl } = stack;

  t.test('JavaScript off: the whole sign-in works, an early re-send is told the wait', async (t) => {
    const { context, page } = await newPerson(browser, t, { javaScript: false });
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'adult-phone-email');
    const resend = page.getByRole('button', { name: 'Отправить код ещё раз' });
    t.ok(await resend.isEnabled(), 'no script disables the button');
    await resend.click();
    t.match(await page.getByRole('alert').innerText(), /^Новый код можно запросить через \d с\.$/);
    await enterCode(page, await codeFromOutbox(context, page, findPersona('adult-phone-email')?.phone as string));
    if ((await heading(page)) === 'Проверьте, что система предлагает вам вход в ваш профиль') {
      await page.getByRole('button', { name: /^Это мой профиль/ }).click();
    }
    t.equal(await heading(page), 'Вы вошли в учебный профиль');
  });

  t.test('JavaScript on: the code field has the focus, the re-send button waits for the countdown', async (t) => {
    const { page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'teen15-phone');
    t.equal(await page.evaluate<string>('document.activeElement.id'), 'code');
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate<string>('document.activeElement.textContent'), 'Подтвердить', 'Tab goes from the field to its button');

    const resend = page.getByRole('button', { name: 'Отправить код ещё раз' });
    t.ok(await resend.isDisabled(), 'disabled while the countdown runs');
    const seconds = page.locator('[data-countdown-seconds]');
    const first = Number(await seconds.innerText());
    t.ok(first > 0 && first <= COOLDOWN, `counting from ${first}`);
    await screenshot(page, 'code-countdown');
    // Polled from here: the page's CSP (script-src 'self') refuses evaluated strings.
    let left = first;
    for (let i = 0; i < 60 && left === first; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = Number(await seconds.innerText());
    }
    t.equal(left, first - 1, 'one second less');
    await page.locator('button[data-countdown-button]:enabled').waitFor({ timeout: (COOLDOWN + 5) * 1000 });
    t.equal(await page.getByRole('status').first().innerText(), 'Можно запросить новый код.');
    t.notOk(await page.locator('#resend-wait').isVisible(), 'the wait is gone');
    await resend.click();
    t.equal(await page.locator('.notice').innerText(), 'Новый код отправлен.');
    t.ok(await resend.isDisabled(), 'a new wait after the re-send');
  });
});
