// The acceptance walks, in headless Chromium at 360 px: each person starts on the
// demo, signs in at the sandbox and ends on the screen the rules call for. Every
// page of the demo on the way must fit the width; the final page is saved as a
// screenshot in demo/.artifacts/.

import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { findPersona } from '../../src/sandbox/personas.js';
import { fitsWidth, launchBrowser, newPerson, screenshot } from './helpers/browser.js';
import { atProvider, codeFromOutbox, enterCode, heading, startSignIn, wrongCode } from './helpers/person.js';
import { demoStack } from './helpers/stack.js';

const phoneOf = (id: string) => findPersona(id)?.phone as string;

t.test('acceptance walks', async (t) => {
  const stack = await demoStack(t);
  const browser = await launchBrowser(t);
  const { demoUrl } = stack;

  const fits = async (t: Test, page: Page) => t.ok(await fitsWidth(page), `${new URL(page.url()).pathname} fits 360 px`);

  t.test('a new adult reviews the prefilled data and gets "Учебный профиль создан!"', async (t) => {
    const { page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'adult-phone-only');
    t.equal(await heading(page), 'Информация о себе');
    await fits(t, page);
    t.equal(await page.getByLabel('Имя').inputValue(), 'Дмитрий');
    t.equal(await page.getByLabel('Фамилия').inputValue(), 'Ковалёв');
    t.equal(await page.getByLabel('Отчество').inputValue(), 'Андреевич');
    t.match(await page.getByLabel('Дата рождения').inputValue(), /^\d{2}\.\d{2}\.\d{4}$/);
    t.equal(await page.getByLabel('Пол').inputValue(), 'Мужской');
    t.ok(await page.getByLabel('Имя').getAttribute('readonly') !== null, 'read-only');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    t.equal(await heading(page), 'Учебный профиль создан!');
    t.match(await page.locator('main').innerText(), /полностью изолирован от соцсети ВКонтакте/);
    t.match(await page.locator('.claims').first().innerText(), /Ковалёв/);
    await fits(t, page);
    await screenshot(page, 'new-adult-created');
  });

  t.test('an adult with a profile reads the code in the outbox and is signed in', async (t) => {
    const { context, page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'adult-phone-email');
    t.equal(await heading(page), 'Введите код подтверждения');
    t.match(await page.locator('main').innerText(), /SMS с кодом на номер \+7 \*\*\* \*\*\*-\*\*-01/);
    await fits(t, page);
    await screenshot(page, 'code-entry');
    await enterCode(page, await codeFromOutbox(context, page, phoneOf('adult-phone-email')));
    t.equal(await heading(page), 'Проверьте, что система предлагает вам вход в ваш профиль', 'even one candidate is confirmed');
    await fits(t, page);
    await page.getByRole('button', { name: /^Это мой профиль/ }).click();
    t.equal(await heading(page), 'Вы вошли в учебный профиль');
    await fits(t, page);
    await screenshot(page, 'existing-adult-signed-in');
  });

  t.test('a wrong code three times, each announced with the attempts left, then the right one', async (t) => {
    const { context, page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'adult-phone-email');
    const code = await codeFromOutbox(context, page, phoneOf('adult-phone-email'));
    t.equal(await page.getByLabel('Код подтверждения').getAttribute('autocomplete'), 'one-time-code');
    t.equal(await page.getByLabel('Код подтверждения').getAttribute('inputmode'), 'numeric');
    for (const left of [4, 3, 2]) {
      await enterCode(page, wrongCode(code));
      t.equal(await page.getByRole('alert').innerText(), `Неверный код. Осталось попыток: ${left}.`);
      t.equal(await page.getByLabel('Код подтверждения').getAttribute('aria-invalid'), 'true');
    }
    await fits(t, page);
    await enterCode(page, code);
    t.equal(await heading(page), 'Вы вошли в учебный профиль', 'a person already linked is not asked to confirm again');
    await screenshot(page, 'wrong-code-then-right');
  });

  t.test('a child of 12 without consent gets what the parent must do', async (t) => {
    const { page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'child12-no-consent');
    t.equal(await heading(page), 'Нужно согласие родителя');
    const text = await page.getByRole('alert').innerText();
    t.match(text, /привязать учётную запись ребёнка/);
    t.match(text, /С 14 лет согласие родителя не нужно/);
    t.ok(await page.getByRole('button', { name: 'Начать вход заново' }).isVisible());
    await fits(t, page);
    await screenshot(page, 'parental-consent');
  });

  t.test('consent denied at the provider', async (t) => {
    const { page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'adult-phone-only', 'deny');
    t.equal(await heading(page), 'Вы не разрешили доступ к данным');
    t.match(await page.getByRole('alert').innerText(), /выберите «Разрешить»/);
    await fits(t, page);
    await screenshot(page, 'consent-denied');
  });

  t.test('a twin reaches the choice of profile', async (t) => {
    const { context, page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'twin-a');
    await enterCode(page, await codeFromOutbox(context, page, phoneOf('twin-a')));
    t.equal(await heading(page), 'Проверьте, что система предлагает вам вход в ваш профиль');
    t.ok(await page.getByRole('button', { name: 'Это мой профиль: Никита В.' }).isVisible());
    await fits(t, page);
    await screenshot(page, 'twins-choice');
  });

  t.test('"Это не мой профиль" leads to the new-profile screen', async (t) => {
    const { context, page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'twin-a');
    await enterCode(page, await codeFromOutbox(context, page, phoneOf('twin-a')));
    await page.getByRole('button', { name: /^(Это не мой профиль|Здесь нет моего профиля)$/ }).click();
    t.equal(await heading(page), 'Информация о себе');
    t.equal(await page.getByLabel('Имя').inputValue(), 'Никита');
    await fits(t, page);
    await screenshot(page, 'not-mine-review');
  });
});
