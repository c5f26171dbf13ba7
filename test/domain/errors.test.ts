import t from 'tap';
import { AccountNotVerified, BridgeError, InternalError } from '../../src/domain/errors.js';

t.test('a factory builds errors with a stable code and both languages', async (t) => {
  const err = AccountNotVerified({ hint: 'x' });
  t.ok(err instanceof BridgeError);
  t.equal(err.code, 'account_not_verified');
  t.equal(err.status, 403);
  t.match(err.message_for('ru'), /подтверждённой/);
  t.match(err.message_for('en'), /confirmed/);
  t.same(err.extra, { hint: 'x' });
  t.equal(err.expose, true);
});

t.test('5xx errors are not exposed', async (t) => {
  t.equal(InternalError().expose, false);
});
