// Every screen the login's status or a failed call leads to, with a scripted service:
// what the person reads and which call the demo makes next. The real service walks
// are in walks.test.ts; these cover what it rarely shows (outages, a completion to
// retry, a failed SMS) and the API after issue #9 (birth years, verified/profile claims).

import t from 'tap';
import { AssertionRejected } from '../assertion.js';
import { BridgeProblem } from '../bridge-api.js';
import { LOGIN_ID, login, scriptedDemo } from './helpers/scripted-api.js';

const OTP = {
  channel: 'sms' as const,
  destination: '+7 *** ***-**-01',
  resend_available_at: '2030-01-01T00:00:30Z',
  attempts_left: 5,
  resends_left: 3,
  delivery: 'sent' as const,
  alternatives: [{ channel: 'email' as const, destination: 'a***@example.ru' }],
};

const main = (body: string) => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

t.test('a completion that failed half-way is retried, then the verified claims are shown apart', async (t) => {
  const demo = await scriptedDemo(t, {
    sub: 'p-1',
    amr: ['esia', 'otp'],
    age_group: 'adult',
    verified: { provider: 'esia', subject: '1000000101', family_name: 'Соколов', given_name: 'Андрей', birthdate: '1990-01-02', gender: 'male' },
    profile: { family_name: 'Соколов', given_name: 'Андрей', email: 'a@example.ru' },
    iss: 'http://bridge.test',
    aud: 'demo',
    iat: 1_893_456_000,
    exp: 1_893_456_300,
  });
  demo.script('get', login('completing'));
  const b = demo.browser();
  const back = await b.signIn();
  t.equal(back.headers.location, '/flow');
  const page = await b.get('/flow');
  t.match(main(page.body), /Завершаем вход/);
  t.match(main(page.body), /role="alert"/);

  demo.script('get', login('completed', { result: { profile_id: 'p-1', created: false, linked: true, assertion: 'jwt' } }));
  t.equal((await b.post('/complete')).headers.location, '/flow');
  t.ok(demo.calls.some((c) => c.name === 'complete' && c.args[0] === LOGIN_ID));
  const signedIn = await b.get('/flow');
  t.equal(signedIn.headers.location, '/done');
  t.same(demo.calls.find((c) => c.name === 'verify')?.args, ['jwt', 'p-1'], 'the assertion is checked against the login\'s profile');
  const done = main((await b.get('/done')).body);
  t.match(done, /Вы вошли в учебный профиль/);
  t.match(done, /Подтверждено Госуслугами/);
  t.match(done, /В учебном профиле \(не проверено Госуслугами\)/);
  t.match(done, /02\.01\.1990/);
  t.match(done, /Мужской/);
  t.match(done, /esia, otp/);
  t.match(done, /01\.01\.2030/, 'times in Moscow time');
  t.equal((await b.post('/logout')).headers.location, '/');
  t.equal((await b.get('/done')).headers.location, '/', 'signed out');
});

t.test('the choice of profile: birth years, one button per candidate, "not mine"', async (t) => {
  const demo = await scriptedDemo(t);
  const candidates = [
    { id: 'c-1', display_name: 'Никита В.', birth_year: 2011 },
    { id: 'c-2', display_name: 'Егор В.', birth_year: 2011 },
  ];
  demo.script('get', login('choose_profile', { candidates }));
  const b = demo.browser();
  await b.signIn();
  const page = main((await b.get('/flow')).body);
  t.match(page, /Проверьте, что система предлагает вам вход в ваш профиль/);
  t.match(page, /2011 г\. р\./);
  t.equal(page.match(/aria-label="Это мой профиль: /g)?.length, 2);
  t.match(page, /Здесь нет моего профиля/);
  await b.post('/profile', { profile_id: 'c-2' });
  t.same(demo.calls.at(-1), { name: 'chooseProfile', args: [LOGIN_ID, 'c-2'] });
  await b.post('/profile/not-mine');
  t.same(demo.calls.at(-1), { name: 'notMine', args: [LOGIN_ID] });

  demo.script('chooseProfile', new BridgeProblem(422, 'candidate_not_offered'));
  await b.post('/profile', { profile_id: 'c-9' });
  t.match(main((await b.get('/flow')).body), /role="alert">Этот профиль не предлагался/);

  demo.script('get', login('choose_profile', { candidates: candidates.slice(0, 1) }));
  const one = main((await b.get('/flow')).body);
  t.match(one, /Мы нашли учебный профиль с вашими данными/);
  t.match(one, /Это не мой профиль/);

  demo.script('get', login('profile_review', {
    person: { family_name: 'Волков', given_name: 'Никита', middle_name: null, birthdate: '2011-03-04', gender: 'male', age_group: 'minor_14_17' },
  }));
  const review = main((await b.get('/flow')).body);
  t.match(review, /Информация о себе/);
  t.match(review, /value="04\.03\.2011" readonly/);
  t.match(review, /id="middle_name" type="text" value="" readonly/);
  await b.post('/profile/confirm');
  t.same(demo.calls.at(-1), { name: 'confirmNewProfile', args: [LOGIN_ID] });
});

t.test('the code screen: a failed SMS offers e-mail; waits, limits and formats are told in place', async (t) => {
  const demo = await scriptedDemo(t);
  demo.script('get', login('otp_required', { otp: { ...OTP, delivery: 'failed' } }));
  const b = demo.browser();
  await b.signIn();
  const failed = main((await b.get('/flow')).body);
  t.match(failed, /role="alert">Не удалось отправить SMS с кодом/);
  t.match(failed, /Отправить код на почту a\*\*\*@example\.ru/);
  t.match(failed, /data-countdown="30"/, 'the wait is counted from the service\'s resend_available_at');
  t.match(failed, /href="http:\/\/bridge\.test\/dev\/outbox"/, 'development: the outbox link');
  await b.post('/code/channel', { channel: 'email' });
  t.same(demo.calls.at(-1), { name: 'sendCode', args: [LOGIN_ID, 'email'] });
  t.match(main((await b.get('/flow')).body), /role="status">Новый код отправлен/);

  const told = async (problem: BridgeProblem, path = '/code/resend', form: Record<string, string> = {}) => {
    demo.script('sendCode', problem);
    demo.script('verifyCode', problem);
    t.equal((await b.post(path, form)).headers.location, '/flow');
    return /role="alert" id="code-error">([^<]*)</.exec((await b.get('/flow')).body)?.[1];
  };
  t.equal(await told(new BridgeProblem(429, 'resend_cooldown', null, 42)), 'Новый код можно запросить через 42 с.');
  t.equal(await told(new BridgeProblem(429, 'resend_limit')), 'Больше кодов отправить нельзя. Введите последний полученный код или начните вход заново.');
  t.equal(await told(new BridgeProblem(429, 'rate_limited', null, 600)), 'Слишком много кодов отправлено. Попробуйте через 10 мин.');
  t.equal(await told(new BridgeProblem(422, 'code_expired'), '/code', { code: '123456' }), 'Срок действия кода истёк. Нажмите «Отправить код ещё раз».');
  const verifies = demo.calls.filter((c) => c.name === 'verifyCode').length;
  t.equal(await told(new BridgeProblem(422, 'invalid_code', 2), '/code', { code: '12ab' }), 'Введите код из 6 цифр.');
  t.equal(demo.calls.filter((c) => c.name === 'verifyCode').length, verifies, 'a malformed code never reaches the service');
  t.equal(await told(new BridgeProblem(409, 'invalid_transition'), '/code', { code: '123456' }), undefined, 'a stale screen just shows the current step');

  demo.script('get', login('otp_required', { otp: { ...OTP, resends_left: 0, delivery: 'pending' } }));
  const none = main((await b.get('/flow')).body);
  t.match(none, /Повторно отправить код больше нельзя/);
  t.match(none, /Код отправляется/);
  t.notMatch(none, /Отправить код на почту/, 'switching only after a failed delivery');
});

t.test('the login ends: each end tells what to do and forgets the login', async (t) => {
  const demo = await scriptedDemo(t);
  const b = demo.browser();
  const ends: [ReturnType<typeof login>, RegExp][] = [
    [login('rejected', { error: { code: 'otp_locked' } }), /Слишком много неверных попыток/],
    [login('rejected', { error: { code: 'account_not_verified' } }), /в онлайн-банке/],
    [login('rejected', { error: { code: 'no_verified_contact' } }), /Подтвердите номер телефона или почту/],
    [login('rejected', { error: { code: 'provider_unavailable' } }), /Госуслуги сейчас недоступны/],
    [login('rejected', { error: { code: 'something_new' } }), /Не удалось войти/],
    [login('expired'), /Время на вход истекло/],
    [login('cancelled'), /Вход отменён/],
  ];
  for (const [end, text] of ends) {
    demo.script('get', end);
    await b.signIn();
    const page = await b.get('/flow');
    t.match(main(page.body), text);
    t.match(page.body, /Начать вход заново/);
    t.equal((await b.get('/flow')).headers.location, '/', 'the login is forgotten');
  }
});

t.test('failed calls: outages are retried, refusals start again', async (t) => {
  const demo = await scriptedDemo(t);
  const b = demo.browser();
  await b.signIn();
  demo.script('verifyCode', new BridgeProblem(503, 'service_unavailable', null, 5));
  const outage = await b.post('/code', { code: '123456' });
  t.equal(outage.statusCode, 503);
  t.match(main(outage.body), /Сервис входа временно недоступен/);
  t.match(main(outage.body), /href="\/flow">Повторить/);

  demo.script('get', new BridgeProblem(404, 'login_not_found'));
  const lost = await b.get('/flow');
  t.equal(lost.statusCode, 403);
  t.match(main(lost.body), /Вход не найден/);

  demo.script('claim', new BridgeProblem(403, 'invalid_handoff'));
  t.match(main((await b.signIn()).body), /Ссылка возврата устарела/);

  demo.script('claim', login('awaiting_provider'));
  demo.script('get', login('awaiting_provider'));
  await b.signIn();
  t.match(main((await b.get('/flow')).body), /Вход не завершён на Госуслугах/, 'an old tab before the provider is done');

  demo.script('start', new BridgeProblem(503, 'service_unreachable'));
  const down = await b.post('/login');
  t.equal(down.statusCode, 503);
  t.match(main(down.body), /Сервис входа временно недоступен/);
  demo.script('start', new BridgeProblem(400, 'return_url_not_allowed'));
  t.match(main((await b.post('/login')).body), /Не удалось войти/, 'a misconfigured client');
  demo.script('start', new Error('a bug'));
  t.equal((await b.post('/login')).statusCode, 500);
  demo.unscript('start');

  demo.script('claim', new Error('a bug'));
  const bug = await b.signIn();
  t.equal(bug.statusCode, 500);
  t.match(main(bug.body), /Не удалось войти/);
});

t.test('an assertion the verifier rejects is an error page, not a sign-in', async (t) => {
  const demo = await scriptedDemo(t);
  demo.script('get', login('completed', { result: { profile_id: 'p-1', created: true, linked: true, assertion: 'forged' } }));
  demo.script('verify' as 'get', new AssertionRejected('signature verification failed'));
  const b = demo.browser();
  await b.signIn();
  const page = await b.get('/flow');
  t.equal(page.statusCode, 502);
  t.match(main(page.body), /Не удалось проверить результат входа/);
  t.equal((await b.get('/done')).headers.location, '/');
});

t.test('the frame: assets, unknown pages, one host, language, forms that do not parse', async (t) => {
  const demo = await scriptedDemo(t);
  const b = demo.browser();
  const css = await b.get('/assets/demo.css');
  t.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  t.equal((await b.get('/assets/countdown.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  t.equal((await b.get('/assets/other.js')).statusCode, 404);
  const missing = await b.get('/nope');
  t.equal(missing.statusCode, 404);
  t.match(main(missing.body), /Страница не найдена/);

  const elsewhere = await demo.app.inject({ url: '/flow?x=1', headers: { host: '127.0.0.1:3002' } });
  t.equal(elsewhere.statusCode, 308);
  t.equal(elsewhere.headers.location, 'http://demo.test/flow?x=1');

  t.equal((await b.get('/flow')).headers.location, '/', 'nothing started');
  await b.post('/login');
  t.match(main((await b.get('/flow')).body), /Вход не завершён на Госуслугах/, 'started, not back yet');
  t.equal((await b.post('/code', { code: '123456' })).headers.location, '/flow', 'no step before the return');
  t.same(demo.calls.find((c) => c.name === 'start')?.args, [{ returnTo: 'http://demo.test/callback', locale: 'ru', clientState: (demo.calls[0]?.args[0] as { clientState: string }).clientState }]);

  t.equal((await b.post('/lang', { lang: 'en', back: 'https://evil.example/' })).headers.location, '/');
  t.match((await b.get('/')).body, /<html lang="en">[\s\S]*Sign in with Gosuslugi/);
  t.equal((await b.post('/lang', { lang: 'ru', back: '/flow' })).headers.location, '/flow');

  t.equal((await b.post('/login', { note: 'x'.repeat(500) })).statusCode, 400, 'an oversized field');
  t.equal((await b.post('/cancel')).headers.location, '/');
  t.same(demo.calls.at(-1), { name: 'cancel', args: [LOGIN_ID] });
});
