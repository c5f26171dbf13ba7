// The real entry point, as a process: start-up refusals and graceful shutdown.

import net from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import t from 'tap';
import { tempDir } from '../helpers/service.js';
import { runMain as run } from '../helpers/run-main.js';

async function signingKeys(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: 'test' }] });
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

t.test('bad configuration stops start-up with one line per problem and no stack trace', async (t) => {
  for (const env of [{ PORT: '70000' }, { DATABASE_URL: 'nonsense' }]) {
    const p = run({ ...env, DATA_DIR: tempDir(t) });
    t.equal(await p.exited, 1);
    const lines = p.err().trim().split('\n');
    t.equal(lines.length, 1, p.err());
    t.match(lines[0], /^esia-bridge: configuration error: (PORT|DATABASE_URL) /);
    t.notMatch(p.err(), /\n\s+at /);
  }
});

t.test('production refuses the embedded defaults', async (t) => {
  const p = run({ NODE_ENV: 'production', DATA_DIR: tempDir(t) });
  t.equal(await p.exited, 1);
  t.match(p.err(), /DATABASE_URL is required when NODE_ENV=production/);
  t.match(p.err(), /REDIS_URL is required when NODE_ENV=production/);
});

t.test('SIGTERM during a slow request: the request completes, then the process exits 0', async (t) => {
  // A database that accepts connections and never answers makes /readyz wait for its
  // check's deadline: a slow request without any test-only route.
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    silent.close();
  });
  const dbPort = (silent.address() as net.AddressInfo).port;
  const port = await freePort();
  const p = run({
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: tempDir(t),
    DATABASE_URL: `postgres://nobody@127.0.0.1:${dbPort}/none`,
    MIGRATE_ON_START: 'false',
    // Nothing else at start may need the database: keys from configuration, no sandbox.
    ASSERTION_SIGNING_KEYS: await signingKeys(),
    PROVIDER_ISSUER: 'http://127.0.0.1:9',
    PROVIDER_CLIENT_SECRET: 'unused',
    SHUTDOWN_GRACE_MS: '20000',
    LOG_LEVEL: 'warn',
  });
  t.teardown(() => {
    p.child.kill('SIGKILL');
  });
  while (!p.out().includes('listening')) {
    if (p.child.exitCode !== null) return t.fail(`exited early: ${p.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const slow = fetch(`http://127.0.0.1:${port}/readyz`);
  await new Promise((r) => setTimeout(r, 300));
  p.child.kill('SIGTERM');
  const res = await slow;
  t.equal(res.status, 503, 'the in-flight request got its answer');
  t.same(((await res.json()) as { down: string[] }).down, ['postgres', 'provider']);
  t.equal(await p.exited, 0, p.err() + p.out());
});

t.test('SIGTERM drains: readiness fails at once, requests are served for SHUTDOWN_DRAIN_MS, then exit 0', async (t) => {
  const port = await freePort();
  const p = run({
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: tempDir(t),
    SANDBOX_PORT: String(await freePort()),
    SHUTDOWN_DRAIN_MS: '1500',
    LOG_LEVEL: 'info',
  });
  t.teardown(() => {
    p.child.kill('SIGKILL');
  });
  while (!p.out().includes('esia-bridge listening')) {
    if (p.child.exitCode !== null) return t.fail(`exited early: ${p.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const signalled = Date.now();
  p.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  t.equal(ready.status, 503, 'the load balancer is told at once');
  t.match(await ready.json(), { code: 'service_unavailable', draining: true });
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'and requests are still served');
  t.equal(await p.exited, 0, p.err());
  t.ok(Date.now() - signalled >= 1500, 'the process stayed for the drain');
});
