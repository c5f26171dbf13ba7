// Dependencies that go away and come back: /readyz follows them without a restart.
// This needs real servers to cut, so it runs when DATABASE_URL and REDIS_URL are set.

import t from 'tap';
import { startTcpProxy, viaPort } from '../helpers/tcp-proxy.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { build } from '../helpers/service.js';

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
  t.test('readyz names a dependency that is down and recovers without a restart', async (t) => {
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
    const { app } = await build(t, {
      DATABASE_URL: viaPort(databaseUrl, pgProxy.port),
      REDIS_URL: viaPort(redisUrl, redisProxy.port),
      PROVIDER_ISSUER: sandbox.issuer,
    });
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
}
