// What an attacker would try against the demo, and what an integrator must get right:
// forms without a valid CSRF token, a return link carrying someone else's login_id,
// the session cookie's flags, and an assertion that does not verify.

import t from 'tap';
import { assertionVerifier } from '../assertion.js';
import { buildDemoApp } from '../app.js';
import { launchBrowser, newPerson } from './helpers/browser.js';
import { atProvider, heading, startSignIn } from './helpers/person.js';
import { demoStack } from './helpers/stack.js';

const TOKEN = /name="_csrf" value="([^"]+)"/;

t.test('against the running stack', async (t) => {
  const stack = await demoStack(t);
  const { demoUrl } = stack;

  async function visit() {
    const res = await fetch(`${demoUrl}/`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const csrf = TOKEN.exec(await res.text())?.[1] as string;
    return { cookie, csrf };
  }
  const post = (path: string, form: Record<string, string>, cookie?: string) =>
    fetch(`${demoUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form),
    });

  t.test('a form without its session\'s CSRF token is refused', async (t) => {
    const mine = await visit();
    const other = await visit();
    t.match(mine.cookie, /^demo_session=/);
    for (const [what, res] of [
      ['no token', await post('/login', {}, mine.cookie)],
      ['no session', await post('/login', { _csrf: mine.csrf })],
      ["another session's token", await post('/login', { _csrf: other.csrf }, mine.cookie)],
      ['a forged token', await post('/login', { _csrf: `${mine.csrf.slice(0, -2)}xx` }, mine.cookie)],
    ] as const) {
      t.equal(res.status, 403, what);
      t.match(await res.text(), /Страница устарела/, what);
    }
    const ok = await post('/login', { _csrf: mine.csrf }, mine.cookie);
    t.equal(ok.status, 303, 'the right token passes');
    t.match(ok.headers.get('location'), /^http:\/\/127\.0\.0\.1:\d+\//);
  });

  const browser = await launchBrowser(t);

  t.test('a return link with a login_id this browser did not start is refused, and spends nothing', async (t) => {
    const victim = await newPerson(browser, t);
    // Keep the return link instead of following it: the demo's own /callback only.
    const returnTo = `${demoUrl}/callback?**`;
    await victim.page.route(returnTo, (route) => route.abort());
    const returned = victim.page.waitForRequest(returnTo);
    await startSignIn(victim.page, demoUrl);
    await victim.page.locator('button[name="persona"][value="teen15-email"]').click();
    await victim.page.locator('button[name="decision"][value="allow"]').click();
    const returnLink = (await returned).url();
    await victim.page.unroute(returnTo);

    const attacker = await newPerson(browser, t);
    await startSignIn(attacker.page, demoUrl); // a login of its own in its session
    const refused = await attacker.page.goto(returnLink);
    t.equal(refused?.status(), 403);
    t.equal(await heading(attacker.page), 'Вход начат в другом окне');

    const stranger = await newPerson(browser, t);
    t.equal((await stranger.page.goto(returnLink))?.status(), 403, 'no session at all');

    await victim.page.goto(returnLink);
    t.equal(await heading(victim.page), 'Информация о себе', 'the handoff is still good for the browser that started');
    await victim.page.goto(returnLink);
    t.equal(await heading(victim.page), 'Информация о себе', 'reloading the return link shows the same step');
  });

  t.test('the session cookie is HttpOnly and SameSite=Lax (not Secure in development over http)', async (t) => {
    const { context, page } = await newPerson(browser, t);
    await page.goto(demoUrl);
    const [session] = (await context.cookies(demoUrl)).filter((c) => c.name === 'demo_session');
    t.match(session, { httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    t.equal(await page.evaluate<string>('document.cookie'), '', 'scripts cannot read it');
  });

  t.test('an assertion that does not verify never signs anyone in', async (t) => {
    stack.verifier.override = assertionVerifier(stack.serviceUrl, 'another-client');
    t.teardown(() => {
      stack.verifier.override = null;
    });
    const { page } = await newPerson(browser, t);
    await startSignIn(page, demoUrl);
    await atProvider(page, demoUrl, 'teen15-phone');
    t.equal(await heading(page), 'Введите код подтверждения');
    await page.getByRole('button', { name: 'Отменить вход' }).click();
    t.equal(await heading(page), 'Профиль Сферума', 'cancelled: back at the start');

    // A fresh browser: the sandbox remembers who signed in, like ESIA's single sign-on.
    const other = (await newPerson(browser, t)).page;
    await startSignIn(other, demoUrl);
    await atProvider(other, demoUrl, 'adult-email-only');
    await other.getByRole('button', { name: 'Продолжить' }).click();
    t.equal(await heading(other), 'Не удалось проверить результат входа');
    await other.goto(`${demoUrl}/done`);
    t.equal(await heading(other), 'Профиль Сферума', 'not signed in');
  });

  t.test('English on request, passed on to the provider', async (t) => {
    const { page } = await newPerson(browser, t);
    await page.goto(demoUrl);
    await page.getByRole('button', { name: 'English' }).click();
    t.equal(await heading(page), 'Sferum profile');
    t.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: 'Sign in with Gosuslugi' }).click();
    t.equal(await heading(page), 'Sign in with the ESIA sandbox');
    await page.goBack();
    await page.getByRole('button', { name: 'Русский' }).click();
    t.equal(await heading(page), 'Профиль Сферума');
  });
});

t.test('outside development the cookie is __Host-, Secure, HttpOnly, SameSite=Lax — and never sent over plain http', async (t) => {
  const app = await buildDemoApp({
    nodeEnv: 'production',
    port: 443,
    host: '127.0.0.1',
    publicUrl: 'https://demo.example',
    serviceUrl: 'https://bridge.example',
    clientId: 'demo',
    clientSecret: 'secret',
    trustProxy: true,
  }, { logger: false });
  t.teardown(() => app.close());
  const overTls = await app.inject({ url: '/', headers: { host: 'demo.example', 'x-forwarded-proto': 'https' } });
  const cookie = String(overTls.headers['set-cookie']);
  t.match(cookie, /^__Host-demo_session=[^;]+; /);
  for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) t.match(cookie, flag);
  t.notMatch(cookie, /Domain=/i);
  const plain = await app.inject({ url: '/', headers: { host: 'demo.example' } });
  t.equal(plain.headers['set-cookie'], undefined);
  t.match(String(overTls.headers['content-security-policy']), /script-src 'self'/);
  t.equal(overTls.headers['cache-control'], 'no-store');
});
