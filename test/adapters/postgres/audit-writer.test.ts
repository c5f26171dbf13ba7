// The audit writer off the request path: batched, kept and retried while Postgres
// is unwritable, flushed on shutdown, and never dropping an event without a trace.

import pino from 'pino';
import t from 'tap';
import { createMetrics } from '../../../src/observability/metrics.js';
import { metricValue } from '../../helpers/metrics.js';
import { openDatabase } from '../../../src/adapters/postgres/database.js';
import { migrate } from '../../../src/adapters/postgres/migrate.js';
import { auditWriter } from '../../../src/adapters/postgres/audit-writer.js';
import { captureLogger } from '../../helpers/capture-logs.js';
import { freshDatabaseUrl } from '../../helpers/fresh-database.js';
import { tempDir } from '../../helpers/service.js';

const db = await openDatabase({ url: await freshDatabaseUrl(t), poolMax: 5, dataDir: tempDir(t) }, pino({ level: 'silent' }));
t.teardown(() => db.close());
await migrate(db.pool, pino({ level: 'silent' }));

const count = async (loginId: string) =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE login_id = $1', [loginId])).rows[0]?.n;
const event = (loginId: string, i: number) => ({ event: 'test.event', outcome: String(i), loginId, details: { i } });

t.test('events are written in batches, in order', async (t) => {
  const writer = auditWriter(db.pool, pino({ level: 'silent' }), { batchSize: 50 });
  await Promise.all(Array.from({ length: 120 }, (_, i) => writer.record(event('batches', i))));
  await writer.close();
  const { rows } = await db.pool.query<{ outcome: string }>(`SELECT outcome FROM audit_events WHERE login_id = 'batches' ORDER BY id`);
  t.same(rows.map((r) => Number(r.outcome)), Array.from({ length: 120 }, (_, i) => i));
});

t.test('while the table is unwritable, events wait and are written once it is back', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const writer = auditWriter(db.pool, logs.logger, { intervalMs: 10, maxBackoffMs: 200 });
  await db.pool.query('ALTER TABLE audit_events RENAME TO audit_events_away');
  for (let i = 0; i < 5; i++) await writer.record(event('outage', i));
  await writer.flush();
  await db.pool.query('ALTER TABLE audit_events_away RENAME TO audit_events');
  for (let i = 0; i < 100 && (await count('outage')) !== 5; i++) await new Promise((r) => setTimeout(r, 50));
  t.equal(await count('outage'), 5, 'every event arrives');
  t.ok(logs.events().includes('audit.retrying'), 'the wait is logged');
  t.equal(writer.dropped(), 0);
  await writer.close();
});

t.test('what cannot be written by shutdown is logged in full, not lost silently', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const writer = auditWriter(db.pool, logs.logger, { intervalMs: 10 });
  await db.pool.query('ALTER TABLE audit_events RENAME TO audit_events_away');
  t.teardown(() => db.pool.query('ALTER TABLE audit_events_away RENAME TO audit_events'));
  await writer.record(event('shutdown', 1));
  await writer.close();
  t.equal(writer.dropped(), 1);
  t.match(logs.lines().find((l) => l.event === 'audit.dropped'), { reason: 'shutdown', audit: { event: 'test.event', loginId: 'shutdown' } });
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
