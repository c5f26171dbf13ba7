// A person reaches only their own profile: what an attacker with a planted profile,
// a stolen callback URL or a second browser would try, and what a careful user
// expects of erasure and of a login interrupted half-way.

import { createHash } from 'node:crypto';
import t from 'tap';
import { verifyAssertion } from '../../src/adapters/keys/assertion.js';
import { birthdateFor, findPersona } from '../../src/sandbox/personas.js';
import { flowHarness } from '../helpers/flow.js';
import { signInAtSandbox } from '../helpers/sandbox-driver.js';
import { dumpDatabase, dumpStore } from '../helpers/store-dump.js';

const persona = (id: string) => {
  const p = findPersona(id);
  if (!p) throw new Error(id);
  return p;
};

t.test('profile ownership', async (t) => {
  const h = await flowHarness(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' });
  await h.seedRegisteredProfiles();
  const assertionOf = async (token: string) =>
    verifyAssertion(token, (await h.service.app.inject('/.well-known/jwks.json')).json(), {
      issuer: h.service.config.publicUrl,
      audience: h.client.id,
    });

  t.test('a callback URL opened in another browser is refused and does not spend the state', async (t) => {
    const started = await h.call('POST', '/v1/logins', { return_to: 'https://client.example/esia/return' });
    const { providerUrl, cookie, reply } = await h.authorize(started.body.authorization_url);
    const set = String(reply.headers['set-cookie']);
    t.match(set, /HttpOnly/i);
    t.match(set, /SameSite=Lax/i);
    t.match(set, /Path=\/v1\/callback/);
    const again = await h.service.app.inject(new URL(started.body.authorization_url).pathname);
    t.equal(again.statusCode, 400, 'the authorize link works once');
    t.match(again.headers['content-type'], /text\/html/);

    const back = await signInAtSandbox(providerUrl, 'adult-phone-only', 'allow');
    const callbackUrl = `${back.pathname}${back.search}`;
    const victim = await h.service.app.inject({ method: 'GET', url: callbackUrl });
    t.equal(victim.statusCode, 400);
    t.notOk(victim.headers.location, 'no redirect to the client');
    t.match(victim.body, /другом браузере/);
    const forged = await h.service.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie: cookie.replace(/=.*/, '=forged') } });
    t.equal(forged.statusCode, 400, 'a made-up cookie value is refused too');
    const owner = await h.service.app.inject({ method: 'GET', url: callbackUrl, headers: { cookie } });
    t.equal(owner.statusCode, 303, 'the browser that started still finishes');
    t.match(String(owner.headers['set-cookie']), /Expires=Thu, 01 Jan 1970/, 'and its cookie is cleared');
  });

  t.test('a planted profile with his phone and birth date but another name is not offered', async (t) => {
    const p = persona('adult-phone-only');
    const planted = await h.call('POST', '/v1/profiles', {
      family_name: 'Подставной',
      given_name: 'Олег',
      birthdate: birthdateFor(p, new Date()),
      gender: 'male',
      phone: p.phone,
      email: 'attacker@evil.example',
    });
    t.equal(planted.status, 201);
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.status, 'profile_review', 'a new profile, not the planted one');
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.not(done.body.result.profile_id, planted.body.id);
    const claims = await assertionOf(done.body.result.assertion);
    t.equal(claims.profile.family_name, p.family_name);
    t.notOk(JSON.stringify(claims).includes('attacker@evil.example'));
  });

  t.test('a profile planted with his e-mail and the attacker’s phone is not offered to him', async (t) => {
    const p = persona('parent');
    const planted = await h.call('POST', '/v1/profiles', {
      family_name: p.family_name,
      given_name: p.given_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      phone: '+79990009999',
      email: p.email,
    });
    t.equal(planted.status, 201);
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.status, 'profile_review', 'a new profile, not the planted one');
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.not(done.body.result.profile_id, planted.body.id);
  });

  t.test('a teen whose planted profile sends the code to a stranger may decline before the code', async (t) => {
    const p = persona('teen15-email');
    const planted = await h.call('POST', '/v1/profiles', {
      family_name: p.family_name,
      given_name: p.given_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      phone: '+79990009998',
      email: p.email,
    });
    t.equal(planted.status, 201);
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.status, 'otp_required');
    t.equal(claimed.body.otp.destination, '+7 *** ***-**-98', 'the code went to the profile’s phone, which the teen may not know');
    t.equal(claimed.body.otp.may_decline, true);
    t.notOk(claimed.body.candidates, 'nothing about the candidate before the code');
    const declined = await h.call('POST', `/v1/logins/${id}/profile`, { not_mine: true });
    t.equal(declined.body.status, 'profile_review');
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.not(done.body.result.profile_id, planted.body.id);
    t.same((await assertionOf(done.body.result.assertion)).amr, ['esia'], 'no code was proven');
  });

  t.test('an adult may not skip the code to decline', async (t) => {
    const { id, claimed } = await h.login('adult-shared-phone');
    t.equal(claimed.body.otp.may_decline, false);
    t.equal((await h.call('POST', `/v1/logins/${id}/profile`, { not_mine: true })).status, 409);
    await h.call('DELETE', `/v1/logins/${id}`);
  });

  t.test('a link removed while a login is in flight is not made again by it', async (t) => {
    const p = persona('adult-phone-only');
    const { id } = await h.login(p.id);
    const first = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: await h.lastCode(p.phone as string) });
    t.equal(first.body.status, 'completed', 'linked by the planted-profile test above');
    const linked = first.body.result.profile_id;
    const again = await h.login(p.id);
    t.equal((await h.call('DELETE', `/v1/profiles/${linked}/links/${encodeURIComponent(h.sandbox.issuer)}`)).status, 204);
    const verified = await h.call('POST', `/v1/logins/${again.id}/otp/verify`, { code: await h.lastCode(p.phone as string) });
    t.equal(verified.status, 422, 'the login does not finish through a removed link');
    t.equal(verified.body.code, 'candidate_not_offered');
    t.same((await h.call('GET', `/v1/profiles/${linked}`)).body.links, [], 'and the link stays removed');
  });

  t.test("with her own profile erased, a twin is not offered her sibling's profile", async (t) => {
    const twin = persona('twin-a');
    const first = await h.login(twin.id);
    const chosen = await h.call('POST', `/v1/logins/${first.id}/otp/verify`, { code: await h.lastCode(twin.phone as string) });
    t.equal(chosen.body.candidates.length, 1);
    t.equal((await h.call('DELETE', `/v1/profiles/${chosen.body.candidates[0].id}`)).status, 204);
    const again = await h.login(twin.id);
    t.equal(again.claimed.body.status, 'profile_review');
  });

  t.test('wrong codes are capped per login, re-sends included', async (t) => {
    const { id } = await h.login('adult-phone-email');
    const wrong = async () => {
      const code = await h.lastCode('+79990001101');
      return h.call('POST', `/v1/logins/${id}/otp/verify`, { code: code === '000000' ? '111111' : '000000' });
    };
    const lefts: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) lefts.push((await wrong()).body.attempts_left);
      t.equal((await h.call('POST', `/v1/logins/${id}/otp`, {})).status, 200, 're-send');
    }
    t.same(lefts, [4, 3, 2, 1, 4, 3, 2, 1]);
    t.equal((await wrong()).body.attempts_left, 1, 'the per-login cap now counts');
    const last = await wrong();
    t.equal(last.body.code, 'otp_locked', 'the 10th wrong code of the login locks it');
  });

  t.test('login state at rest holds no personal data in clear, and counters are keyed', async (t) => {
    const p = persona('adult-phone-email');
    const { id } = await h.login(p.id);
    const store = await dumpStore(h.service);
    const record = store.find(([key]) => key === `login:{${id}}`)?.[1] ?? '';
    t.match(record, /"sealed":"[\w-]{40,}"/);
    for (const value of [p.family_name, p.given_name, p.phone as string, p.email as string, p.oid, birthdateFor(p, new Date())]) {
      t.notOk(store.some(([key, v]) => key.includes(value) || v.includes(value)), `${value} is not kept in clear`);
    }
    const plainHash = createHash('sha256').update(p.phone as string).digest('base64url');
    t.notOk(store.some(([key]) => key.includes(plainHash)), 'the counter key is not an unkeyed hash of the phone');
  });

  t.test('erasure erases every record that holds the person', async (t) => {
    const p = persona('adult-phone-email');
    const done = await h.verifyAndConfirm((await h.login(p.id)).id, await h.lastCode(p.phone as string));
    t.equal(done.body.status, 'completed');
    const inFlight = await h.login(p.id);
    const profileId = done.body.result.profile_id;
    const loginIds = [done.body.id, inFlight.id];

    t.equal((await h.call('DELETE', `/v1/profiles/${profileId}`)).status, 204);
    for (const id of loginIds) t.equal((await h.call('GET', `/v1/logins/${id}`)).status, 404, `login ${id} is gone`);
    const store = await dumpStore(h.service);
    const db = await dumpDatabase(h.service);
    for (const value of [...loginIds, profileId]) {
      t.notOk(store.some(([key, v]) => key.includes(value) || v.includes(value)), `the store holds nothing of ${value}`);
    }
    for (const value of [p.family_name, p.phone as string, p.email as string, p.oid, birthdateFor(p, new Date()), '***-**-01', 'a***@example.ru']) {
      t.notOk(db.includes(value), `no table holds ${value}`);
    }
    const { rows } = await h.service.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE login_id = ANY($1)`, [loginIds]);
    t.equal(rows[0].n, 0, 'no delivery record of those logins');
  });

  t.test('erasure also reaches logins gone from the session store', async (t) => {
    const p = persona('teen15-phone');
    const { id } = await h.login(p.id);
    const done = await h.verifyAndConfirm(id, await h.lastCode(p.phone as string));
    const profileId = done.body.result.profile_id;
    await h.service.audit.flush();
    await h.service.store.delete(`login:{${id}}`);
    await h.service.store.delete(`profile-logins:{${profileId}}`);
    t.equal((await h.call('DELETE', `/v1/profiles/${profileId}`)).status, 204);
    const { rows } = await h.service.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE login_id = $1`, [id]);
    t.equal(rows[0].n, 0, 'its delivery records are gone');
    const { rows: details } = await h.service.db.pool.query(`SELECT details FROM audit_events WHERE login_id = $1 AND details <> '{}'::jsonb`, [id]);
    t.same(details, [], 'its audit details are scrubbed');
  });

  t.test('a decision that fails at the callback is retried by the claim', async (t) => {
    await h.service.db.pool.query('ALTER TABLE identity_links RENAME TO identity_links_away');
    let restored = false;
    const restore = async () => {
      if (!restored) await h.service.db.pool.query('ALTER TABLE identity_links_away RENAME TO identity_links');
      restored = true;
    };
    t.teardown(restore);
    const { id, handoff, callback } = await h.throughProvider('child12-consent');
    t.equal(callback.statusCode, 303, 'the browser still goes back to the client');
    const failed = await h.call('POST', `/v1/logins/${id}/claim`, { handoff });
    t.equal(failed.status, 500);
    await restore();
    const claimed = await h.call('POST', `/v1/logins/${id}/claim`, { handoff });
    t.equal(claimed.status, 200, 'the same handoff works once the database is back');
    t.equal(claimed.body.status, 'profile_review');
    t.equal((await h.call('POST', `/v1/logins/${id}/claim`, { handoff })).body.code, 'invalid_handoff', 'and is used up then');
  });

  t.test('a completion that fails half-way is retried, not stranded', async (t) => {
    const p = persona('adult-shared-phone');
    const { id } = await h.login(p.id);
    const chosen = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: await h.lastCode(p.phone as string) });
    t.equal(chosen.body.status, 'choose_profile');
    await h.service.db.pool.query('ALTER TABLE identity_links RENAME TO identity_links_away');
    const failed = await h.call('POST', `/v1/logins/${id}/profile`, { profile_id: chosen.body.candidates[0].id });
    await h.service.db.pool.query('ALTER TABLE identity_links_away RENAME TO identity_links');
    t.equal(failed.status, 500);
    t.equal((await h.call('GET', `/v1/logins/${id}`)).body.status, 'completing', 'the decision is kept');
    const [a, b] = await Promise.all([h.call('POST', `/v1/logins/${id}/complete`, {}), h.call('POST', `/v1/logins/${id}/complete`, {})]);
    t.equal(a.body.status, 'completed');
    t.equal(b.body.result.profile_id, a.body.result.profile_id);
    t.equal(a.body.result.linked, true, 'the retry reports what this login did');
    const { rows } = await h.service.db.pool.query(`SELECT count(*)::int AS n FROM identity_links WHERE profile_id = $1`, [a.body.result.profile_id]);
    t.equal(rows[0].n, 1);
  });
});

t.test('LINKED_LOGIN_OTP=never signs the assertion at the claim, not at the callback', async (t) => {
  const h = await flowHarness(t, { LINKED_LOGIN_OTP: 'never' });
  const first = await h.login('adult-phone-only');
  await h.call('POST', `/v1/logins/${first.id}/profile`, { confirm: true });
  const { id, handoff } = await h.throughProvider('adult-phone-only');
  const before = await h.call('GET', `/v1/logins/${id}`);
  t.equal(before.body.status, 'completing', 'decided, not yet signed');
  const claimed = await h.call('POST', `/v1/logins/${id}/claim`, { handoff });
  t.equal(claimed.body.status, 'completed');
  t.same((await verifyAssertion(claimed.body.result.assertion, (await h.service.app.inject('/.well-known/jwks.json')).json(), {
    issuer: h.service.config.publicUrl,
    audience: h.client.id,
  })).amr, ['esia']);
});
