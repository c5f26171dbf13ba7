// Dependencies that go away and come back: /readyz follows them without a restart.
// This needs real servers to cut, so it runs when DATABASE_URL and REDIS_URL are set.

import t, { type Test } from 'tap';
import type { Logger } from 'pino';
import { startTcpProxy, viaPort } from '../helpers/tcp-proxy.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { randomBytes } from 'node:crypto';
import { apiClientsRepository } from '../../src/adapters/postgres/api-clients-repository.js';
import { hashClientSecret } from '../../src/auth/client-secret.js';
import { captureLogger } from '../helpers/capture-logs.js';
import { metricValue } from '../helpers/metrics.js';
import { build, TEST_PEPPER } from '../helpers/service.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

async function readiness(app: Awaited<ReturnType<typeof build>>['app']) {
  const res = await app.inject('/readyz');
  return { status: res.statusCode, body: res.json() as { down?: string[] } };
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  let last = await probe();
  while (!ok(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

if (!databaseUrl || !redisUrl) {
  t.comment('DATABASE_URL and REDIS_URL are not set: the outage test needs real servers to cut');
} else {
  /** A service whose Postgres and Redis are reached through proxies the test can cut. */
  const proxiedService = async (t: Test, env: NodeJS.ProcessEnv = {}, logger?: Logger) => {
    const pgTarget = new URL(databaseUrl);
    const redisTarget = new URL(redisUrl);
    const pgProxy = await startTcpProxy(pgTarget.hostname, Number(pgTarget.port || 5432));
    const redisProxy = await startTcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
    t.teardown(async () => {
      await pgProxy.close();
      await redisProxy.close();
    });
    const sandbox = await startSandbox({ port: 0, clients: [] });
    t.teardown(() => sandbox.close());
    const service = await build(
      t,
      { DATABASE_URL: viaPort(databaseUrl, pgProxy.port), REDIS_URL: viaPort(redisUrl, redisProxy.port), PROVIDER_ISSUER: sandbox.issuer, ...env },
      logger,
    );
    return { service, pgProxy, redisProxy };
  };

  t.test('readyz names a dependency that is down and recovers without a restart', async (t) => {
    const { service: { app }, pgProxy, redisProxy } = await proxiedService(t);
    t.equal((await eventually(() => readiness(app), (r) => r.status === 200)).status, 200, 'ready once discovery is loaded');

    for (const [name, proxy] of [
      ['redis', redisProxy],
      ['postgres', pgProxy],
    ] as const) {
      await proxy.cut();
      const down = await eventually(() => readiness(app), (r) => r.status === 503);
      t.equal(down.status, 503, `${name} down → 503`);
      t.same(down.body.down, [name], `503 names ${name}`);
      await proxy.restore();
      const up = await eventually(() => readiness(app), (r) => r.status === 200);
      t.equal(up.status, 200, `${name} back → 200 without a restart`);
    }
  });

  t.test('a store outage is a 503 with Retry-After, logged once, never a 500', async (t) => {
    const logs = captureLogger({ level: 'info' });
    const { service, pgProxy, redisProxy } = await proxiedService(
      t,
      // Every request authenticates against Postgres, so its outage meets each one.
      { REDIS_COMMAND_TIMEOUT_MS: '500', API_CLIENT_CACHE_MS: '0' },
      logs.logger,
    );
    const secret = randomBytes(32).toString('base64url');
    const clientId = `outage-${randomBytes(4).toString('hex')}`;
    await apiClientsRepository(service.db.pool).create({
      id: clientId, name: 'Outage', secretHash: hashClientSecret(secret, TEST_PEPPER), returnUrls: ['https://c.example/back'],
    });
    const start = () =>
      service.app.inject({
        method: 'POST',
        url: '/v1/logins',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ return_to: 'https://c.example/back' }),
      });
    t.equal((await eventually(start, (r) => r.statusCode === 201)).statusCode, 201, 'works while everything is up');

    for (const [name, proxy] of [['redis', redisProxy], ['postgres', pgProxy]] as const) {
      await proxy.cut();
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await start());
      await proxy.restore();
      for (const res of answers) {
        t.equal(res.statusCode, 503, `${name} down: 503`);
        t.equal(res.json().code, 'service_unavailable');
        t.ok(Number(res.headers['retry-after']) > 0, 'with Retry-After');
      }
      const warned = logs.lines().filter((l) => l.event === 'dependency.unavailable' && l.dependency === name);
      t.equal(warned.length, 1, `${name}: one warning for the outage, not one per request`);
      t.equal(warned[0]?.level, 40);
      t.ok(await metricValue(service.metrics, 'esia_bridge_dependency_errors_total', { dependency: name }) >= 3, `${name}: every error counted`);
      t.equal((await eventually(start, (r) => r.statusCode === 201)).statusCode, 201, `${name} back: working again`);
    }
    t.notOk(logs.lines().some((l) => l.event === 'http.error'), 'no request logged an internal error');
  });
}
