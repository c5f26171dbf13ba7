import t from 'tap';
import { flowHarness } from '../helpers/flow.js';

t.test('adult with phone and e-mail: code by SMS, then a new profile', async (t) => {
  const h = await flowHarness(t);
  const { id, claimed } = await h.login('adult-phone-email');
  t.equal(claimed.status, 200, JSON.stringify(claimed.body));
  t.equal(claimed.body.status, 'profile_review');
  const done = await h.call('POST', `/v1/logins/${id}/profile`, { confirm: true });
  t.equal(done.status, 200, JSON.stringify(done.body));
  t.equal(done.body.status, 'completed');
});
