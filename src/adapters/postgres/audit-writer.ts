// Audit events of logins, written off the request path: a request queues its event
// and goes on; the writer inserts what is queued in one statement, a batch at a
// time. While Postgres cannot take them (down, read-only during a failover, out of
// space) the events wait and are retried with backoff; an event Postgres refuses as
// data is logged and dropped alone. On shutdown the queue is flushed, for a few
// seconds at most. An event that cannot be kept (the queue is full,
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
  /** How long shutdown waits for the last batches before logging them as dropped. */
  closeDeadlineMs?: number;
  /** Counts what is queued and dropped; reads the queue's length when scraped. */
  metrics?: AuditMetrics;
}

export interface AuditWriter extends AuditLog {
  /** Events given up so far (logged in full). */
  dropped(): number;
  close(): Promise<void>;
  /** Logs what is still unwritten, at once: for a process killed before close ends. */
  abandon(): void;
}

// SQLSTATE classes 22 (data exception) and 23 (integrity constraint): the event
// itself is wrong, and no retry will change that. Anything else may pass later.
const REFUSED_EVENT = /^2[23]/;

function refusesEvent(err: unknown): boolean {
  return REFUSED_EVENT.test(String((err as { code?: unknown })?.code ?? ''));
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

  const drop = (events: AuditEvent[], reason: string, err?: unknown): undefined => {
    if (events.length === 0) return;
    droppedCount += events.length;
    metrics?.auditDropped(reason, events.length);
    const why = err === undefined ? {} : { err: { message: (err as Error).message, sqlstate: (err as { code?: unknown }).code } };
    for (const event of events) logger.error({ event: 'audit.dropped', reason, audit: event, ...why }, 'an audit event could not be written');
  };

  // A write still running at the deadline may yet commit: its events are logged in
  // full but not counted as dropped.
  const abandon = () => {
    for (const event of inFlight.splice(0)) logger.warn({ event: 'audit.unconfirmed', audit: event }, 'an audit event may not have been written');
    drop(queue.splice(0), 'shutdown');
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

  /** Writes until the queue is empty; answers the error that stopped it, if one did. */
  async function writeQueued(): Promise<unknown> {
    while (queue.length > 0) {
      inFlight = queue.splice(0, batchSize);
      try {
        const stopped = await writeBatch(inFlight);
        if (stopped !== undefined) return stopped;
      } finally {
        inFlight = [];
      }
    }
    return undefined;
  }

  async function writeBatch(batch: AuditEvent[]): Promise<unknown> {
    try {
      await repository.recordMany(batch);
    } catch (err) {
      if (!refusesEvent(err)) return wait(batch, err);
      const stopped = await writeOneByOne(batch);
      if (stopped !== undefined) return stopped;
    }
    backoffMs = 0;
    return undefined;
  }

  // A batch with an event Postgres refuses is written again one event at a time, so
  // that only that event is dropped.
  async function writeOneByOne(batch: AuditEvent[]): Promise<unknown> {
    for (const [i, event] of batch.entries()) {
      try {
        await repository.recordMany([event]);
      } catch (err) {
        if (!refusesEvent(err)) return wait(batch.slice(i), err);
        drop([event], 'refused', err);
      }
    }
    return undefined;
  }

  /** Puts the events back at the front of the queue and retries after a backoff. */
  function wait(events: AuditEvent[], err: unknown): unknown {
    queue.unshift(...events);
    trimQueue();
    backoffMs = Math.min(Math.max(backoffMs * 2, 500), maxBackoffMs);
    logger.warn({ event: 'audit.retrying', queued: queue.length, retryInMs: backoffMs, err: { message: (err as Error).message } }, 'audit events wait for Postgres');
    schedule(backoffMs);
    return err;
  }

  function write(): Promise<unknown> {
    writing ??= writeQueued().finally(() => {
      writing = null;
    });
    return writing;
  }

  /** Resolves once everything queued so far is written; rejects with the error that keeps it waiting. */
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
      abandon();
    },
    abandon() {
      closed = true;
      abandon();
    },
  };
}
