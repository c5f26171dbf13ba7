// A paused Postgres (a stopped process, a network partition: connections stay open,
// nothing answers) must not hold a query longer than DATABASE_QUERY_TIMEOUT_MS: the
// query fails as an outage (503), its connection is discarded rather than lent again
// with an unanswered query on it, and the pool answers correctly once Postgres is
// back. Real Postgres when DATABASE_URL is set, else an embedded PGlite served over
// TCP, behind a proxy the test pauses.

import pino from 'pino';
import t, { type Test } from 'tap';
import { DependencyUnavailable } from '../../../src/adapters/dependency-outage.js';
import { openDatabase } from '../../../src/adapters/postgres/database.js';
import { inTransaction } from '../../../src/adapters/postgres/queryable.js';
import { flowHarness, RETURN_TO } from '../../helpers/flow.js';
import { freshDatabaseUrl } from '../../helpers/fresh-database.js';
import { tempDir } from '../../helpers/service.js';
import { startTcpProxy, viaPort, type TcpProxy } from '../../helpers/tcp-proxy.js';

const TIMEOUT_MS = 400;

/** A Postgres URL through a proxy the test can pause. */
async function pausablePostgres(t: Test): Promise<{ url: string; proxy: TcpProxy }> {
  const target = (await freshDatabaseUrl(t)) ?? (await embeddedOverTcp(t));
  const parsed = new URL(target);
  const proxy = await startTcpProxy(parsed.hostname, Number(parsed.port || 5432));
  t.teardown(() => proxy.close());
  return { url: viaPort(target, proxy.port), proxy };
}

/**
 * PGlite behind a socket server of the test's own: the service's embedded one takes
 * two connections only, and connections discarded while paused hold theirs until
 * their close crosses the proxy.
 */
async function embeddedOverTcp(t: Test): Promise<string> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  t.teardown(async () => {
    await server.stop();
    await db.close();
  });
  return `postgres://postgres@${server.getServerConn()}/postgres`;
}

t.test('a query to a paused Postgres fails as an outage after the timeout; the pool is right once it is back', async (t) => {
  const { url, proxy } = await pausablePostgres(t);
  const db = await openDatabase({ url, poolMax: 2, dataDir: tempDir(t), queryTimeoutMs: TIMEOUT_MS }, pino({ level: 'silent' }));
  t.teardown(() => db.close());
  t.same((await db.pool.query('SELECT 1 AS one')).rows, [{ one: 1 }]);

  proxy.pause();
  t.teardown(() => proxy.resume());
  const started = Date.now();
  await t.rejects(db.pool.query('SELECT 2'), DependencyUnavailable, 'an outage, answered 503');
  const waited = Date.now() - started;
  t.ok(waited >= TIMEOUT_MS - 50, `waited ${waited} ms: at least the timeout`);
  t.ok(waited < TIMEOUT_MS + 3000, `waited ${waited} ms: bounded by the timeout (and the client's margin), not by TCP`);

  // A transaction whose statement meets the pause, after BEGIN: no ROLLBACK waits behind
  // the unanswered statement, and the connection is not lent again.
  proxy.resume();
  const inside = inTransaction(db.pool, async (client) => {
    proxy.pause();
    return client.query('SELECT 3');
  });
  await t.rejects(inside, DependencyUnavailable, 'a transaction too');
  t.equal(db.pool.idleCount, 0, 'the connection with an unanswered statement is not lent again');

  proxy.resume();
  for (let i = 0; i < 5; i++) {
    const { rows } = await db.pool.query<{ v: number }>('SELECT $1::int AS v', [i]);
    t.equal(rows[0]?.v, i, `query ${i} gets its own answer once Postgres is back`);
  }
});

t.test('a slow statement is cancelled by Postgres itself, not left running', async (t) => {
  // PGlite cannot cancel a running statement and has no other sessions to look at.
  if (!process.env.DATABASE_URL) return t.comment('DATABASE_URL is not set: the server-side cancel needs a real Postgres');
  const { url } = await pausablePostgres(t);
  const db = await openDatabase({ url, poolMax: 2, dataDir: tempDir(t), queryTimeoutMs: TIMEOUT_MS }, pino({ level: 'silent' }));
  t.teardown(() => db.close());
  await t.rejects(db.pool.query('SELECT pg_sleep(5) AS slow_statement_probe'), DependencyUnavailable, 'an outage, answered 503');
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%slow_statement_probe%' AND pid <> pg_backend_pid()",
  );
  t.equal(rows[0]?.n, 0, 'no backend still runs it');
});

t.test('the pool closes at once while Postgres hangs', async (t) => {
  const { url, proxy } = await pausablePostgres(t);
  const db = await openDatabase({ url, poolMax: 1, dataDir: tempDir(t), queryTimeoutMs: TIMEOUT_MS }, pino({ level: 'silent' }));
  await db.pool.query('SELECT 1');
  proxy.pause();
  t.teardown(() => proxy.resume());
  await t.rejects(db.pool.query('SELECT 2'), DependencyUnavailable);
  await db.close();
  t.pass('closed');
});

t.test('a request meeting a paused Postgres answers 503 within the timeout, and works once it is back', async (t) => {
  const { url, proxy } = await pausablePostgres(t);
  // No API client cache: every request reads its client from Postgres.
  // One connection: PGlite is one session, which concurrent transactions would share.
  const { call } = await flowHarness(t, {
    DATABASE_URL: url,
    DATABASE_POOL_MAX: '1',
    DATABASE_QUERY_TIMEOUT_MS: String(TIMEOUT_MS),
    API_CLIENT_CACHE_MS: '0',
  });
  t.equal((await call('POST', '/v1/logins', { return_to: RETURN_TO })).status, 201, 'works while Postgres answers');

  proxy.pause();
  t.teardown(() => proxy.resume());
  const started = Date.now();
  const refused = await call('POST', '/v1/logins', { return_to: RETURN_TO });
  const waited = Date.now() - started;
  t.equal(refused.status, 503);
  t.match(refused.body, { code: 'service_unavailable' });
  t.ok(refused.headers['retry-after'], 'with Retry-After');
  t.ok(waited < TIMEOUT_MS + 3000, `answered after ${waited} ms, bounded by the ${TIMEOUT_MS} ms timeout`);

  proxy.resume();
  t.equal((await call('POST', '/v1/logins', { return_to: RETURN_TO })).status, 201, 'works again once Postgres answers');
});
