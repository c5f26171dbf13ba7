// A channel switched off is never chosen nor offered: the code goes to the person's
// other verified contact, or the login says there is no usable one.

import t from 'tap';
import { flowHarness } from '../helpers/flow.js';

t.test('SMS off: an adult with phone and e-mail gets the code by e-mail, with nothing else offered', async (t) => {
  const h = await flowHarness(t, { OTP_SMS_CHANNEL: 'off' });
  await h.seedRegisteredProfiles();
  const { id, claimed } = await h.login('adult-phone-email');
  t.equal(claimed.body.otp.channel, 'email');
  t.same(claimed.body.otp.alternatives, []);
  t.equal(claimed.body.otp.delivery, 'sent');
  const done = await h.verifyAndConfirm(id, await h.lastCode('a.sokolov@example.ru'));
  t.equal(done.body.status, 'completed');

  const phoneOnly = await h.login('twin-a');
  t.same(phoneOnly.claimed.body.error, { code: 'no_verified_contact' }, 'a phone-only person has no usable contact');
});
