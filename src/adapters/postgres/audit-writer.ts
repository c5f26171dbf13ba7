// Audit events of logins, written off the request path: a request queues its event
// and goes on; the writer inserts what is queued in one statement, a batch at a
// time. While Postgres is unwritable the events wait and are retried with backoff;
// on shutdown the queue is flushed. An event that cannot be kept (the queue is full,
// or Postgres is still down when the process stops) is logged in full at error and
// counted: none is dropped without a trace. Changes to profiles write their events
// in their own transaction instead (profile-store.ts).

import type { Logger } from 'pino';
import type { AuditMetrics } from '../../observability/metrics.js';
import type { AuditEvent, AuditLog } from '../../ports/audit.js';
import { auditRepository } from './audit-repository.js';
import type { Queryable } from './queryable.js';

export interface AuditWriterOptions {
  /** How long an event may wait for its batch. */
  intervalMs?: number;
  batchSize?: number;
  /** Events kept while Postgres is unwritable; beyond that the oldest are logged and dropped. */
  maxQueued?: number;
  maxBackoffMs?: number;
  /** Counts what is queued and dropped; reads the queue's length when scraped. */
  metrics?: AuditMetrics;
}

export interface AuditWriter extends AuditLog {
  /** Events given up so far (logged in full). */
  dropped(): number;
  close(): Promise<void>;
}

export function auditWriter(db: Queryable, logger: Logger, options: AuditWriterOptions = {}): AuditWriter {
  const { intervalMs = 50, batchSize = 200, maxQueued = 50_000, maxBackoffMs = 30_000, metrics } = options;
  const repository = auditRepository(db);
  let queue: AuditEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let backoffMs = 0;
  let droppedCount = 0;
  let closed = false;

  const drop = (events: AuditEvent[], reason: string) => {
    droppedCount += events.length;
    metrics?.auditDropped(reason, events.length);
    for (const event of events) logger.error({ event: 'audit.dropped', reason, audit: event }, 'an audit event could not be written');
  };

  const schedule = (delayMs: number) => {
    if (timer || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, delayMs);
    timer.unref();
  };

  async function writeBatch(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      try {
        await repository.recordMany(batch);
      } catch (err) {
        backoffMs = Math.min(Math.max(backoffMs * 2, 500), maxBackoffMs);
        logger.warn({ event: 'audit.retrying', queued: queue.length, retryInMs: backoffMs, err: { message: (err as Error).message } }, 'audit events wait for Postgres');
        schedule(backoffMs);
        return;
      }
      queue = queue.slice(batch.length);
      backoffMs = 0;
    }
  }

  function flush(): Promise<void> {
    writing ??= writeBatch().finally(() => {
      writing = null;
    });
    return writing;
  }

  metrics?.watchAuditQueue(() => queue.length);
  return {
    record: async (event) => {
      // After close (a request finishing during shutdown) there is no later batch.
      if (closed) return repository.recordMany([event]).catch(() => drop([event], 'shutdown'));
      queue.push(event);
      metrics?.auditQueued();
      if (queue.length > maxQueued) drop(queue.splice(0, queue.length - maxQueued), 'queue_full');
      if (queue.length >= batchSize && backoffMs === 0) void flush();
      else schedule(backoffMs || intervalMs);
    },
    flush,
    dropped: () => droppedCount,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
      if (queue.length > 0) drop(queue.splice(0), 'shutdown');
    },
  };
}
