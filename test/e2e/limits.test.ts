// Send limits of one-time codes, and erasure of a profile on request.

import t from 'tap';
import { auditRepository } from '../../src/adapters/postgres/audit-repository.js';
import { flowHarness } from '../helpers/flow.js';

t.test('re-sends per login are limited', async (t) => {
  const h = await flowHarness(t, { OTP_RESEND_COOLDOWN_SECONDS: '0', OTP_MAX_RESENDS: '2' });
  await h.seedRegisteredProfiles();
  const { id } = await h.login('adult-phone-email');
  for (let i = 0; i < 2; i++) t.equal((await h.call('POST', `/v1/logins/${id}/otp`, {})).status, 200, `re-send ${i + 1}`);
  const refused = await h.call('POST', `/v1/logins/${id}/otp`, {});
  t.equal(refused.status, 429);
  t.equal(refused.body.code, 'resend_limit');
  const codes = (await h.outbox()).filter((m) => m.destination === '+79990001101');
  t.equal(codes.length, 3, 'the first code and two re-sends');
  const latest = await h.lastCode('+79990001101');
  const done = await h.verifyAndConfirm(id, latest);
  t.equal(done.body.status, 'completed', 'only the latest code is valid, and it works');
});

t.test('codes per destination per hour are limited across logins', async (t) => {
  const h = await flowHarness(t, { OTP_RESEND_COOLDOWN_SECONDS: '0', OTP_SENDS_PER_DESTINATION_PER_HOUR: '2' });
  await h.seedRegisteredProfiles();
  const first = await h.login('adult-phone-email');
  t.equal(first.claimed.body.otp.delivery, 'sent');
  t.equal((await h.call('POST', `/v1/logins/${first.id}/otp`, {})).status, 200);
  const limited = await h.call('POST', `/v1/logins/${first.id}/otp`, {});
  t.equal(limited.status, 429);
  t.equal(limited.body.code, 'rate_limited');
  const wait = Number(limited.headers['retry-after']);
  t.ok(wait > 3500 && wait <= 3600, 'Retry-After: until the hour is over');
  t.equal(limited.body.retry_after, wait);
  const second = await h.login('adult-phone-email');
  t.equal(second.claimed.status, 429, 'a claim whose first code is refused says so');
  t.equal(second.claimed.body.code, 'rate_limited');
  t.ok(Number(second.claimed.headers['retry-after']) > 0);
  const retried = await h.call('POST', `/v1/logins/${second.id}/claim`, { handoff: second.handoff });
  t.equal(retried.body.code, 'rate_limited', 'and may be repeated with the same handoff later');
});

t.test('erasure removes the profile, its links and its audit details', async (t) => {
  const h = await flowHarness(t);
  const { id } = await h.login('adult-phone-only');
  const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
  const profileId = done.body.result.profile_id;
  const audit = auditRepository(h.service.db.pool);
  await h.service.audit.flush();
  t.ok((await audit.listForLogin(id)).some((e) => e.profileId === profileId && Object.keys(e.details ?? {}).length > 0));
  t.equal((await h.call('DELETE', `/v1/profiles/${profileId}`)).status, 204);
  t.equal((await h.call('GET', `/v1/profiles/${profileId}`)).status, 404);
  const { rows } = await h.service.db.pool.query('SELECT count(*)::int AS n FROM identity_links WHERE profile_id = $1', [profileId]);
  t.equal(rows[0].n, 0);
  const left = (await audit.listForLogin(id)).filter((e) => e.profileId === profileId && e.event !== 'profile.erased');
  t.ok(left.every((e) => Object.keys(e.details ?? {}).length === 0), 'audit details are erased');
  const again = await h.login('adult-phone-only');
  t.equal(again.claimed.body.status, 'profile_review', 'the person starts afresh');
});
