// A paused Redis (SIGSTOP: connections stay open, nothing answers) must not hold a
// request longer than REDIS_COMMAND_TIMEOUT_MS: the request fails fast and the
// service answers again once Redis is back.

import t from 'tap';
import { flowHarness, RETURN_TO } from '../../helpers/flow.js';
import { startRedisServer } from '../../helpers/redis-servers.js';

t.test('a paused Redis fails a request within the command timeout, not after it', async (t) => {
  const redis = await startRedisServer(t);
  const timeoutMs = 400;
  const { call } = await flowHarness(t, { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: String(timeoutMs) });
  t.equal((await call('POST', '/v1/logins', { return_to: RETURN_TO })).status, 201, 'works while Redis answers');

  redis.pause();
  t.teardown(() => redis.resume());
  const started = Date.now();
  const refused = await call('POST', '/v1/logins', { return_to: RETURN_TO });
  const waited = Date.now() - started;
  t.ok(refused.status >= 500, `answered ${refused.status}`);
  t.match(refused.headers['content-type'], /^application\/problem\+json/);
  t.ok(waited >= timeoutMs - 50, `waited ${waited} ms: at least the timeout`);
  t.ok(waited < timeoutMs + 1000, `waited ${waited} ms: not much more than the ${timeoutMs} ms timeout`);

  redis.resume();
  t.equal((await call('POST', '/v1/logins', { return_to: RETURN_TO })).status, 201, 'works again once Redis answers');
});
