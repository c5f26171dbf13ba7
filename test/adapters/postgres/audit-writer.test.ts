// The audit writer off the request path: batched, kept and retried while Postgres
// is unreachable, flushed on shutdown within a deadline, and never dropping an
// event without a trace.

import pino from 'pino';
import t, { type Test } from 'tap';
import { DependencyUnavailable } from '../../../src/adapters/dependency-outage.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { metricValue } from '../../helpers/metrics.js';
import { openDatabase } from '../../../src/adapters/postgres/database.js';
import { migrate } from '../../../src/adapters/postgres/migrate.js';
import { auditWriter } from '../../../src/adapters/postgres/audit-writer.js';
import { captureLogger } from '../../helpers/capture-logs.js';
import { freshDatabaseUrl } from '../../helpers/fresh-database.js';
import { tempDir } from '../../helpers/service.js';
import { silentServer } from '../../helpers/silent-server.js';
import { startTcpProxy, viaPort } from '../../helpers/tcp-proxy.js';

const databaseUrl = await freshDatabaseUrl(t);
const db = await openDatabase({ url: databaseUrl, poolMax: 5, dataDir: tempDir(t) }, pino({ level: 'silent' }));
t.teardown(() => db.close());
await migrate(db.pool, pino({ level: 'silent' }));

const count = async (loginId: string) =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE login_id = $1', [loginId])).rows[0]?.n;
const event = (loginId: string, i: number) => ({ event: 'test.event', outcome: String(i), loginId, details: { i } });

/** A second pool to the same database through a proxy the test can cut. */
async function throughProxy(t: Test) {
  const options = db.pool.options;
  const target = databaseUrl ? new URL(databaseUrl) : new URL(`postgres://postgres@${options.host}:${options.port}/postgres`);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  t.teardown(() => proxy.close());
  const proxied = await openDatabase({ url: viaPort(target.toString(), proxy.port), poolMax: 1, dataDir: tempDir(t) }, pino({ level: 'silent' }));
  t.teardown(() => proxied.close());
  return { pool: proxied.pool, proxy };
}


t.test('events are written in batches, in order', async (t) => {
  const writer = auditWriter(db.pool, pino({ level: 'silent' }), { batchSize: 50 });
  await Promise.all(Array.from({ length: 120 }, (_, i) => writer.record(event('batches', i))));
  await writer.close();
  const { rows } = await db.pool.query<{ outcome: string }>(`SELECT outcome FROM audit_events WHERE login_id = 'batches' ORDER BY id`);
  t.same(rows.map((r) => Number(r.outcome)), Array.from({ length: 120 }, (_, i) => i));
});

t.test('while Postgres is unreachable, events wait, flush says so, and they are written once it is back', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const { pool, proxy } = await throughProxy(t);
  const writer = auditWriter(pool, logs.logger, { intervalMs: 10, maxBackoffMs: 200 });
  await proxy.cut();
  for (let i = 0; i < 5; i++) await writer.record(event('outage', i));
  await t.rejects(writer.flush(), DependencyUnavailable, 'a flush that leaves events unwritten rejects');
  await proxy.restore();
  for (let i = 0; i < 100 && (await count('outage')) !== 5; i++) await new Promise((r) => setTimeout(r, 50));
  t.equal(await count('outage'), 5, 'every event arrives');
  t.ok(logs.events().includes('audit.retrying'), 'the wait is logged');
  t.equal(writer.dropped(), 0);
  await writer.flush();
  await writer.close();
});

t.test('what cannot be written by shutdown is logged in full, not lost silently', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const { pool, proxy } = await throughProxy(t);
  const writer = auditWriter(pool, logs.logger, { intervalMs: 10 });
  await proxy.cut();
  await writer.record(event('shutdown', 1));
  await writer.close();
  t.equal(writer.dropped(), 1);
  t.match(logs.lines().find((l) => l.event === 'audit.dropped'), { reason: 'shutdown', audit: { event: 'test.event', loginId: 'shutdown' } });
});

t.test('an event Postgres refuses is dropped alone; the rest of its batch is written', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const writer = auditWriter(db.pool, logs.logger, { intervalMs: 60_000 });
  await writer.record(event('refused', 1));
  await writer.record({ ...event('refused', 2), details: { text: 'a NUL \u0000 jsonb cannot hold' } });
  await writer.record(event('refused', 3));
  await writer.flush();
  t.equal(writer.dropped(), 1);
  t.match(logs.lines().filter((l) => l.event === 'audit.dropped'), [{ reason: 'refused', audit: { outcome: '2' }, err: { sqlstate: /^22/ } }]);
  t.equal(await count('refused'), 2, 'the others are written');
  await writer.close();
});

t.test('a table that is not there (yet) makes events wait, not vanish', async (t) => {
  const writer = auditWriter(db.pool, pino({ level: 'silent' }), { intervalMs: 10, maxBackoffMs: 100 });
  await db.pool.query('ALTER TABLE audit_events RENAME TO audit_events_away');
  t.teardown(() => db.pool.query('ALTER TABLE IF EXISTS audit_events_away RENAME TO audit_events'));
  await writer.record(event('missing', 1));
  await t.rejects(writer.flush(), { code: '42P01' });
  await db.pool.query('ALTER TABLE audit_events_away RENAME TO audit_events');
  for (let i = 0; i < 100 && (await count('missing')) !== 1; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(await count('missing'), 1);
  t.equal(writer.dropped(), 0);
  await writer.close();
});

t.test('shutdown waits for a hung write only until its deadline; an event in flight is neither lost nor counted twice', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const silent = await silentServer(t);
  const hung = await openDatabase({ url: `postgres://postgres@127.0.0.1:${silent}/postgres`, poolMax: 1, dataDir: tempDir(t) }, pino({ level: 'silent' }));
  t.teardown(() => void hung.close().catch(() => {}));
  const writer = auditWriter(hung.pool, logs.logger, { intervalMs: 0, batchSize: 2, maxQueued: 2, closeDeadlineMs: 200 });
  for (let i = 0; i < 2; i++) await writer.record(event('hung', i));
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 2; i < 5; i++) await writer.record(event('hung', i));
  const started = Date.now();
  await writer.close();
  t.ok(Date.now() - started < 2_000, 'close returns by its deadline');
  const given = logs.lines().filter((l) => l.event === 'audit.dropped' || l.event === 'audit.unconfirmed');
  t.same(given.map((l) => [(l.audit as { outcome: string }).outcome, l.event, l.reason]).sort(), [
    ['0', 'audit.unconfirmed', undefined],
    ['1', 'audit.unconfirmed', undefined],
    ['2', 'audit.dropped', 'queue_full'],
    ['3', 'audit.dropped', 'shutdown'],
    ['4', 'audit.dropped', 'shutdown'],
  ], 'the write in flight may yet commit: its events are logged, not counted as dropped');
  t.equal(writer.dropped(), 3);
});

t.test('abandon (the process is being killed) logs what is queued at once', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const writer = auditWriter(db.pool, logs.logger, { intervalMs: 60_000 });
  await writer.record(event('abandoned', 1));
  writer.abandon();
  t.equal(writer.dropped(), 1);
  t.match(logs.lines().find((l) => l.event === 'audit.dropped'), { reason: 'shutdown', audit: { loginId: 'abandoned' } });
  await writer.record(event('abandoned', 2));
  t.equal(await count('abandoned'), 1, 'an event after that is written directly');
});

t.test('a full queue gives up its oldest events, each logged', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const metrics = createMetrics();
  const writer = auditWriter(db.pool, logs.logger, { intervalMs: 60_000, maxQueued: 3, metrics });
  for (let i = 0; i < 5; i++) await writer.record(event('full', i));
  t.equal(writer.dropped(), 2);
  t.equal(await metricValue(metrics, 'esia_bridge_audit_events_queued_total'), 5, 'queued, counted');
  t.equal(await metricValue(metrics, 'esia_bridge_audit_events_dropped_total', { reason: 'queue_full' }), 2, 'dropped, counted by reason');
  t.equal(await metricValue(metrics, 'esia_bridge_audit_queue_length'), 3, 'the queue, read when scraped');
  t.same(logs.lines().filter((l) => l.event === 'audit.dropped').map((l) => (l.audit as { outcome: string }).outcome), ['0', '1']);
  await writer.close();
  t.equal(await count('full'), 3);
});
