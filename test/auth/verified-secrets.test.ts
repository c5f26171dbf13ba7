// A remembered match never outlives the stored hash it was checked against, and a
// wrong secret is never remembered.

import t from 'tap';
import { hashClientSecret } from '../../src/auth/client-secret.js';
import { verifiedSecrets } from '../../src/auth/verified-secrets.js';

const PEPPER = 'pepper-for-tests';

t.test('the right secret passes, again and again; a wrong one never does', async (t) => {
  const check = verifiedSecrets(PEPPER);
  const stored = hashClientSecret('right', PEPPER);
  t.ok(check('vkid', 'right', stored));
  t.ok(check('vkid', 'right', stored), 'remembered');
  t.ok(check('vkid', 'right', Buffer.from(stored)), 'the same hash read again (a refreshed cache) still matches');
  t.notOk(check('vkid', 'wrong', stored));
  t.notOk(check('vkid', 'wrong', stored));
  t.notOk(check('other', 'right', hashClientSecret('others-secret', PEPPER)), 'another client with its own secret');
});

t.test('a rotated secret refuses the old one at once, though it was remembered', async (t) => {
  const check = verifiedSecrets(PEPPER);
  t.ok(check('vkid', 'old', hashClientSecret('old', PEPPER)));
  const rotated = hashClientSecret('new', PEPPER);
  t.notOk(check('vkid', 'old', rotated));
  t.ok(check('vkid', 'new', rotated));
});

t.test('a secret is remembered for its client only', async (t) => {
  const check = verifiedSecrets(PEPPER);
  const stored = hashClientSecret('shared-looking', PEPPER);
  t.ok(check('a', 'shared-looking', stored));
  t.notOk(check('b', 'shared-looking', hashClientSecret('b-secret', PEPPER)));
});

t.test('past the bound, what was remembered is checked again, not refused', async (t) => {
  const check = verifiedSecrets(PEPPER);
  const clients = Array.from({ length: 1100 }, (_, i) => i);
  t.ok(clients.every((i) => check(`c${i}`, `s${i}`, hashClientSecret(`s${i}`, PEPPER))), '1,100 clients, each passes');
  t.ok(check('c0', 's0', hashClientSecret('s0', PEPPER)));
  t.notOk(check('c0', 's1', hashClientSecret('s0', PEPPER)));
});
