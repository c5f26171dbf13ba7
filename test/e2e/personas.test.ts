// Every persona of the sandbox reaches the status the rules say, driven through the
// real provider pages, the callback, the claim and the code.

import t from 'tap';
import { verifyAssertion } from '../../src/adapters/keys/assertion.js';
import { birthdateFor, findPersona } from '../../src/sandbox/personas.js';
import { DIALECTS, flowHarness } from '../helpers/flow.js';

const persona = (id: string) => {
  const p = findPersona(id);
  if (!p) throw new Error(id);
  return p;
};

for (const dialect of DIALECTS) t.test(`personas against one service (${dialect} dialect)`, async (t) => {
  const h = await flowHarness(t, {}, { dialect });
  await h.seedRegisteredProfiles();

  const verify = async (id: string, destination: string) =>
    h.call('POST', `/v1/logins/${id}/otp/verify`, { code: await h.lastCode(destination) });
  const verifyAndConfirm = async (id: string, destination: string) => h.verifyAndConfirm(id, await h.lastCode(destination));

  const assertionOf = async (token: string) =>
    verifyAssertion(token, (await h.service.app.inject('/.well-known/jwks.json')).json(), {
      issuer: h.service.config.publicUrl,
      audience: h.client.id,
    });

  t.test('adult with phone and e-mail and a registered profile: code by SMS, e-mail offered as alternative', async (t) => {
    const p = persona('adult-phone-email');
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.status, 'otp_required');
    t.equal(claimed.body.otp.channel, 'sms');
    t.equal(claimed.body.otp.destination, '+7 *** ***-**-01');
    t.same(claimed.body.otp.alternatives, [{ channel: 'email', destination: 'a***@example.ru' }]);
    t.equal(claimed.body.otp.delivery, 'sent');
    t.equal(claimed.body.person.family_name, p.family_name);
    t.notOk(claimed.body.candidates, 'nothing about a candidate before the code');
    const confirm = await verify(id, p.phone as string);
    t.equal(confirm.body.status, 'choose_profile', 'even one candidate is confirmed by the person');
    t.same(confirm.body.candidates.map((c: { display_name: string; birth_year: number }) => [c.display_name, c.birth_year]), [
      [`${p.given_name} ${p.family_name[0]}.`, Number(birthdateFor(p, new Date()).slice(0, 4))],
    ]);
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { profile_id: confirm.body.candidates[0].id });
    t.equal(done.body.status, 'completed');
    t.equal(done.body.result.created, false);
    t.equal(done.body.result.linked, true);
    const claims = await assertionOf(done.body.result.assertion);
    t.same(claims.amr, ['esia', 'otp']);
    t.equal(claims.sub, done.body.result.profile_id);
    t.equal(claims.age_group, 'adult');
    t.match(claims.verified, { subject: p.oid, family_name: p.family_name, given_name: p.given_name, phone_number: p.phone });

    t.test('the second login of the same person finds the link and asks no confirmation', async (t) => {
      const again = await h.login(p.id);
      t.equal(again.claimed.body.status, 'otp_required', 'a linked person still confirms with a code');
      const second = await verify(again.id, p.phone as string);
      t.equal(second.body.status, 'completed');
      t.equal(second.body.result.profile_id, done.body.result.profile_id);
      t.equal(second.body.result.linked, false);
    });
  });

  t.test('e-mail-only adult with a profile registered by e-mail: code by e-mail', async (t) => {
    const p = persona('adult-email-only');
    const registered = await h.call('POST', '/v1/profiles', {
      family_name: p.family_name,
      given_name: p.given_name,
      middle_name: p.middle_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      email: (p.email as string).toUpperCase(),
    });
    t.equal(registered.status, 201);
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.otp.channel, 'email');
    t.equal(claimed.body.otp.destination, 'm***@example.com');
    const done = await verifyAndConfirm(id, p.email as string);
    t.equal(done.body.result.profile_id, registered.body.id);
  });

  t.test('unconfirmed account: account_not_verified, shown only after the claim', async (t) => {
    const { id, handoff } = await h.throughProvider('adult-unconfirmed');
    const before = await h.call('GET', `/v1/logins/${id}`);
    t.equal(before.body.status, 'rejected');
    t.notOk(before.body.error, 'nothing is revealed before the claim');
    t.notOk(before.body.person);
    const claimed = await h.call('POST', `/v1/logins/${id}/claim`, { handoff });
    t.same(claimed.body.error, { code: 'account_not_verified' });
  });

  for (const id of ['child12-no-consent', 'child12-no-parent']) {
    t.test(`${id}: parental_consent_required`, async (t) => {
      const { claimed } = await h.login(id);
      t.equal(claimed.body.status, 'rejected');
      t.same(claimed.body.error, { code: 'parental_consent_required' });
    });
  }

  t.test('child 12 with consent and a linked parent passes to a new profile', async (t) => {
    const { id, claimed } = await h.login('child12-consent');
    t.equal(claimed.body.status, 'profile_review');
    t.equal(claimed.body.person.age_group, 'minor_under_14');
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.equal(done.body.status, 'completed');
    t.equal((await assertionOf(done.body.result.assertion)).age_group, 'minor_under_14');
  });

  t.test('teen 15 with e-mail passes alone', async (t) => {
    const { claimed } = await h.login('teen15-email');
    t.equal(claimed.body.status, 'profile_review');
    t.equal(claimed.body.person.age_group, 'minor_14_17');
  });

  t.test('unverified contacts only: no_verified_contact', async (t) => {
    const { claimed } = await h.login('adult-unverified-contacts');
    t.same(claimed.body.error, { code: 'no_verified_contact' });
  });

  t.test('adult-shared-phone and teen15-phone each reach only their own profile', async (t) => {
    const teen = persona('teen15-phone');
    const adult = persona('adult-shared-phone');
    const teenLogin = await h.login(teen.id);
    t.equal(teenLogin.claimed.body.otp.destination, '+7 *** ***-**-09', "code to the profile's registered phone");
    const teenDone = await verifyAndConfirm(teenLogin.id, teen.phone as string);
    const teenProfile = await h.call('GET', `/v1/profiles/${teenDone.body.result.profile_id}`);
    t.equal(teenProfile.body.given_name, teen.given_name);
    t.equal(teenProfile.body.birthdate, birthdateFor(teen, new Date()));

    const adultLogin = await h.login(adult.id);
    t.equal(adultLogin.claimed.body.status, 'otp_required');
    const adultDone = await verifyAndConfirm(adultLogin.id, adult.phone as string);
    const adultProfile = await h.call('GET', `/v1/profiles/${adultDone.body.result.profile_id}`);
    t.equal(adultProfile.body.given_name, adult.given_name);
    t.not(adultDone.body.result.profile_id, teenDone.body.result.profile_id);
  });

  t.test("twin-a: only her own profile is offered, not her twin's on the same phone, and confirmed", async (t) => {
    const twin = persona('twin-a');
    const { id, claimed } = await h.login(twin.id);
    t.equal(claimed.body.status, 'otp_required');
    const chosen = await verify(id, twin.phone as string);
    t.equal(chosen.body.status, 'choose_profile');
    t.same(chosen.body.candidates.map((c: { display_name: string }) => c.display_name), [`${twin.given_name} ${twin.family_name[0]}.`]);
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { profile_id: chosen.body.candidates[0].id });
    t.equal(done.body.status, 'completed');
    t.equal(done.body.result.profile_id, chosen.body.candidates[0].id);
  });

  t.test('"это не мой профиль" leads to a new profile', async (t) => {
    const p = persona('parent');
    const namesake = await h.call('POST', '/v1/profiles', {
      family_name: p.family_name,
      given_name: p.given_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      phone: p.phone,
    });
    t.equal(namesake.status, 201);
    const { id } = await h.login(p.id);
    const chosen = await verify(id, p.phone as string);
    t.equal(chosen.body.status, 'choose_profile');
    t.same(chosen.body.candidates.map((c: { id: string }) => c.id), [namesake.body.id]);
    const declined = await h.call('POST', `/v1/logins/${id}/profile`, { not_mine: true });
    t.equal(declined.body.status, 'profile_review');
    t.notOk(declined.body.candidates);
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.equal(done.body.status, 'completed');
    t.equal(done.body.result.created, true);
    t.not(done.body.result.profile_id, namesake.body.id);
    t.same((await assertionOf(done.body.result.assertion)).amr, ['esia', 'otp']);
  });

  t.test('consent denied at the provider: consent_denied', async (t) => {
    const { claimed } = await h.login('adult-phone-only', 'deny');
    t.equal(claimed.body.status, 'rejected');
    t.same(claimed.body.error, { code: 'consent_denied' });
  });

  t.test('a new person: profile_review with the prefill, then completed with a verifiable assertion', async (t) => {
    const p = persona('adult-phone-only');
    const { id, claimed } = await h.login(p.id);
    t.equal(claimed.body.status, 'profile_review');
    t.same(claimed.body.person, {
      family_name: p.family_name,
      given_name: p.given_name,
      middle_name: p.middle_name,
      birthdate: birthdateFor(p, new Date()),
      gender: p.gender,
      age_group: 'adult',
    });
    const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
    t.equal(done.body.result.created, true);
    const claims = await assertionOf(done.body.result.assertion);
    t.match(claims, {
      sub: done.body.result.profile_id,
      aud: h.client.id,
      amr: ['esia'],
      verified: { family_name: p.family_name, given_name: p.given_name, phone_number: p.phone },
      profile: { family_name: p.family_name, given_name: p.given_name, phone_number: p.phone },
    });
    t.equal(claims.exp - claims.iat, 300);
    const again = await h.login(p.id);
    t.equal(again.claimed.body.status, 'otp_required', 'the second login finds the link');
  });
});
