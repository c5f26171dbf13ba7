// Audit events of logins, written off the request path: a request queues its event
// and goes on; the writer inserts what is queued in one statement, a batch at a
// time. While Postgres is unreachable the events wait and are retried with backoff;
// a batch Postgres refuses is logged and dropped; on shutdown the queue is flushed,
// for a few seconds at most. An event that cannot be kept (the queue is full,
// or Postgres is still down when the process stops) is logged in full at error and
// counted: none is dropped without a trace. Changes to profiles write their events
// in their own transaction instead (profile-store.ts).

import type { Logger } from 'pino';
import type { AuditMetrics } from '../../observability/metrics.js';
import type { AuditEvent, AuditLog } from '../../ports/audit.js';
import { DependencyUnavailable, isPostgresOutage } from '../dependency-outage.js';
import { auditRepository } from './audit-repository.js';
import type { Queryable } from './queryable.js';

export interface AuditWriterOptions {
  /** How long an event may wait for its batch. */
  intervalMs?: number;
  batchSize?: number;
  /** Events kept while Postgres is unwritable; beyond that the oldest are logged and dropped. */
  maxQueued?: number;
  maxBackoffMs?: number;
  /** How long shutdown waits for the last batches before logging them as dropped. */
  closeDeadlineMs?: number;
  /** Counts what is queued and dropped; reads the queue's length when scraped. */
  metrics?: AuditMetrics;
}

export interface AuditWriter extends AuditLog {
  /** Events given up so far (logged in full). */
  dropped(): number;
  close(): Promise<void>;
}

export function auditWriter(db: Queryable, logger: Logger, options: AuditWriterOptions = {}): AuditWriter {
  const { intervalMs = 50, batchSize = 200, maxQueued = 50_000, maxBackoffMs = 30_000, closeDeadlineMs = 5_000, metrics } = options;
  const repository = auditRepository(db);
  // Events leave the queue while their batch is written (so an overflow never drops
  // or counts them twice) and go back to its front if Postgres is down.
  let queue: AuditEvent[] = [];
  let inFlight: AuditEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<unknown> | null = null;
  let backoffMs = 0;
  let droppedCount = 0;
  let closed = false;

  const drop = (events: AuditEvent[], reason: string) => {
    if (events.length === 0) return;
    droppedCount += events.length;
    metrics?.auditDropped(reason, events.length);
    for (const event of events) logger.error({ event: 'audit.dropped', reason, audit: event }, 'an audit event could not be written');
  };

  const trimQueue = () => {
    if (queue.length > maxQueued) drop(queue.splice(0, queue.length - maxQueued), 'queue_full');
  };

  const schedule = (delayMs: number) => {
    if (timer || closed || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush().catch(() => {});
    }, delayMs);
    timer.unref();
  };

  /** Writes until the queue is empty; answers the outage that stopped it, if one did. */
  async function writeQueued(): Promise<unknown> {
    while (queue.length > 0) {
      inFlight = queue.splice(0, batchSize);
      try {
        await repository.recordMany(inFlight);
        backoffMs = 0;
      } catch (err) {
        if (!(err instanceof DependencyUnavailable || isPostgresOutage(err))) {
          // The batch itself is unwritable: retrying would block every later event.
          logger.error({ event: 'audit.batch_failed', err: { message: (err as Error).message } }, 'an audit batch was refused');
          drop(inFlight, 'refused');
          continue;
        }
        queue.unshift(...inFlight);
        trimQueue();
        backoffMs = Math.min(Math.max(backoffMs * 2, 500), maxBackoffMs);
        logger.warn({ event: 'audit.retrying', queued: queue.length, retryInMs: backoffMs, err: { message: (err as Error).message } }, 'audit events wait for Postgres');
        schedule(backoffMs);
        return err;
      } finally {
        inFlight = [];
      }
    }
    return undefined;
  }

  function write(): Promise<unknown> {
    writing ??= writeQueued().finally(() => {
      writing = null;
    });
    return writing;
  }

  /** Resolves once everything queued so far is written; rejects with the outage that keeps it waiting. */
  async function flush(): Promise<void> {
    const outage = await write();
    if (outage !== undefined) throw outage;
  }

  metrics?.watchAuditQueue(() => queue.length);
  return {
    record: async (event) => {
      // After close (a request finishing during shutdown) there is no later batch.
      if (closed) return repository.recordMany([event]).catch(() => drop([event], 'shutdown'));
      queue.push(event);
      metrics?.auditQueued();
      trimQueue();
      if (queue.length >= batchSize && backoffMs === 0) void write();
      else schedule(backoffMs || intervalMs);
    },
    flush,
    dropped: () => droppedCount,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        deadline = setTimeout(() => resolve('timeout'), closeDeadlineMs);
      });
      await Promise.race([write(), timedOut]);
      clearTimeout(deadline);
      drop([...inFlight.splice(0), ...queue.splice(0)], 'shutdown');
    },
  };
}
