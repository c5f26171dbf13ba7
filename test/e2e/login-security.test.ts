// The security requirements of the login API, each shown on the running service.

import t from 'tap';
import { auditRepository } from '../../src/adapters/postgres/audit-repository.js';
import { flowHarness, RETURN_TO } from '../helpers/flow.js';

const PHONE = '+79990001101';

t.test('login security', async (t) => {
  const h = await flowHarness(t, { OTP_RESEND_COOLDOWN_SECONDS: '60' });
  await h.seedRegisteredProfiles();

  t.test('API calls need a valid client', async (t) => {
    const res = await h.service.app.inject({ method: 'POST', url: '/v1/logins', payload: { return_to: RETURN_TO } });
    t.equal(res.statusCode, 401);
    t.match(res.headers['www-authenticate'], /^Basic/);
    const wrong = await h.service.app.inject({
      method: 'GET',
      url: '/v1/logins/00000000-0000-4000-8000-000000000000',
      headers: { authorization: `Basic ${Buffer.from(`${h.client.id}:wrong`).toString('base64')}` },
    });
    t.equal(wrong.statusCode, 401);
    t.equal(wrong.json().code, 'unauthorized');
  });

  t.test('return_to must be registered exactly', async (t) => {
    const res = await h.call('POST', '/v1/logins', { return_to: `${RETURN_TO}/` });
    t.equal(res.status, 400);
    t.equal(res.body.code, 'return_url_not_allowed');
  });

  t.test('the authorization URL carries PKCE S256, state and nonce, all fresh', async (t) => {
    const a = await h.call('POST', '/v1/logins', { return_to: RETURN_TO });
    const b = await h.call('POST', '/v1/logins', { return_to: RETURN_TO });
    t.equal(a.body.authorization_url, `${h.service.config.publicUrl}/v1/logins/${a.body.id}/authorize`, 'the browser goes to the service first');
    const ua = new URL((await h.authorize(a.body.authorization_url)).providerUrl);
    const ub = new URL((await h.authorize(b.body.authorization_url)).providerUrl);
    t.equal(ua.searchParams.get('code_challenge_method'), 'S256');
    for (const p of ['state', 'nonce', 'code_challenge']) {
      t.ok(ua.searchParams.get(p));
      t.not(ua.searchParams.get(p), ub.searchParams.get(p), `${p} is fresh`);
    }
    t.equal(ua.searchParams.get('redirect_uri'), 'http://localhost:3000/v1/callback');
  });

  t.test('another client sees a 404 for a login it did not start', async (t) => {
    const other = await h.newClient();
    const { id, handoff } = await h.throughProvider('adult-phone-only');
    t.equal((await h.call('GET', `/v1/logins/${id}`, undefined, other)).status, 404);
    t.equal((await h.call('POST', `/v1/logins/${id}/claim`, { handoff }, other)).status, 404);
  });

  t.test('the handoff is single-use and must match', async (t) => {
    const { id, handoff } = await h.throughProvider('adult-phone-only');
    const wrong = await h.call('POST', `/v1/logins/${id}/claim`, { handoff: 'A'.repeat(43) });
    t.equal(wrong.status, 403);
    t.equal(wrong.body.code, 'invalid_handoff');
    t.equal((await h.call('POST', `/v1/logins/${id}/claim`, { handoff })).status, 200);
    t.equal((await h.call('POST', `/v1/logins/${id}/claim`, { handoff })).body.code, 'invalid_handoff');
  });

  t.test('steps before the claim are refused', async (t) => {
    const { id } = await h.throughProvider('adult-phone-only');
    const res = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.equal(res.status, 409);
    t.equal(res.body.code, 'login_not_claimed');
  });

  t.test('the state is used once; an unknown state gets a page and no redirect', async (t) => {
    const { callback, callbackUrl, cookie, location } = await h.throughProvider('adult-phone-only');
    t.equal(callback.statusCode, 303);
    t.equal(`${location.origin}${location.pathname}`, RETURN_TO);
    const replay = await h.service.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie } });
    t.equal(replay.statusCode, 400);
    t.notOk(replay.headers.location);
    t.match(replay.headers['content-type'], /text\/html/);
    const unknown = await h.service.app.inject('/v1/callback?state=nope&code=x');
    t.equal(unknown.statusCode, 400);
  });

  t.test('wrong codes count down, then lock the login', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const code = await h.lastCode(PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      const res = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: wrong });
      t.equal(res.status, 422);
      t.equal(res.body.code, 'invalid_code');
      t.equal(res.body.attempts_left, left);
    }
    const last = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: wrong });
    t.equal(last.body.code, 'otp_locked');
    const after = await h.call('GET', `/v1/logins/${id}`);
    t.equal(after.body.status, 'rejected');
    t.same(after.body.error, { code: 'otp_locked' });
    t.equal((await h.call('POST', `/v1/logins/${id}/otp/verify`, { code })).status, 409, 'even the right code is refused now');
  });

  t.test('50 concurrent checks of the right code: exactly one succeeds', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const code = await h.lastCode(PHONE);
    const replies = await Promise.all(Array.from({ length: 50 }, () => h.call('POST', `/v1/logins/${id}/otp/verify`, { code })));
    t.equal(replies.filter((r) => r.status === 200).length, 1);
    t.ok(replies.every((r) => r.status === 200 || r.status === 409));
  });

  t.test('concurrent wrong guesses never exceed the limit', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const code = await h.lastCode(PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    const replies = await Promise.all(Array.from({ length: 20 }, () => h.call('POST', `/v1/logins/${id}/otp/verify`, { code: wrong })));
    t.equal(replies.filter((r) => r.body?.code === 'invalid_code').length, 4);
    t.equal(replies.filter((r) => r.body?.code === 'otp_locked').length, 1);
  });

  t.test('a re-send inside the cooldown is 429 with Retry-After', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const res = await h.call('POST', `/v1/logins/${id}/otp`, {});
    t.equal(res.status, 429);
    t.equal(res.body.code, 'resend_cooldown');
    t.ok(Number(res.headers['retry-after']) > 0);
  });

  t.test('switching to e-mail is refused while the SMS delivery has not failed', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const res = await h.call('POST', `/v1/logins/${id}/otp`, { channel: 'email' });
    t.equal(res.status, 409);
    t.equal(res.body.code, 'channel_unavailable');
  });

  t.test('a cancelled login accepts no more steps', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const cancelled = await h.call('DELETE', `/v1/logins/${id}`);
    t.equal(cancelled.body.status, 'cancelled');
    const res = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: '123456' });
    t.equal(res.status, 409);
    t.equal(res.body.login_status, 'cancelled');
  });

  t.test('two concurrent completions for the same person end with one profile and one link', async (t) => {
    const a = await h.login('teen15-email');
    const b = await h.login('teen15-email');
    const [ra, rb] = await Promise.all([
      h.call('POST', `/v1/logins/${a.id}/profile`, { confirm: true }),
      h.call('POST', `/v1/logins/${b.id}/profile`, { confirm: true }),
    ]);
    t.equal(ra.body.result.profile_id, rb.body.result.profile_id);
    t.same([ra.body.result.created, rb.body.result.created].sort(), [false, true]);
    const { rows } = await h.service.db.pool.query(`SELECT count(*)::int AS n FROM profiles WHERE email = 'k.popov@example.com'`);
    t.equal(rows[0].n, 1);
  });

  t.test('bad input is a 400 problem, never a 500', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const cases: [string, string, unknown][] = [
      ['POST', `/v1/logins/${id}/otp/verify`, { code: 'abcdef' }],
      ['POST', `/v1/logins/${id}/otp/verify`, { code: 123456 }],
      ['POST', `/v1/logins/${id}/otp/verify`, { code: '123456', extra: true }],
      ['GET', '/v1/logins/not-a-uuid', undefined],
      ['POST', '/v1/logins', { return_to: 42 }],
      ['POST', '/v1/logins', { return_to: RETURN_TO, locale: 'de' }],
      ['POST', '/v1/profiles', { family_name: 'X', given_name: 'Y', birthdate: '2000-13-45', gender: 'male', phone: '1' }],
      ['POST', '/v1/profiles', { family_name: 'X', given_name: 'Y', birthdate: '2000-01-01', gender: 'male' }],
    ];
    for (const [method, url, body] of cases) {
      const res = await h.call(method, url, body);
      t.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)}`);
      t.match(res.headers['content-type'], /application\/problem\+json/);
    }
    const broken = await h.service.app.inject({
      method: 'POST',
      url: '/v1/logins',
      headers: { authorization: h.client.authorization, 'content-type': 'application/json' },
      payload: '{"return_to":',
    });
    t.equal(broken.statusCode, 400);
    const huge = await h.service.app.inject({
      method: 'POST',
      url: '/v1/logins',
      headers: { authorization: h.client.authorization, 'content-type': 'application/json' },
      payload: JSON.stringify({ return_to: 'x'.repeat(100_000) }),
    });
    t.equal(huge.statusCode, 413);
  });

  t.test('audit events are written without codes or unmasked contacts', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const code = await h.lastCode(PHONE);
    await h.verifyAndConfirm(id, code);
    await h.service.audit.flush();
    const events = await auditRepository(h.service.db.pool).listForLogin(id);
    const names = events.map((e) => e.event);
    for (const e of ['login.started', 'login.callback', 'login.claimed', 'code.sent', 'code.verified', 'profile.signed_in']) {
      t.ok(names.includes(e) || (e === 'profile.signed_in' && names.includes('profile.linked')), `audit has ${e}`);
    }
    const text = JSON.stringify(events);
    t.notMatch(text, code);
    t.notMatch(text, PHONE);
    t.notMatch(text, 'a.sokolov@example.ru');
  });
});
