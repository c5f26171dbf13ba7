// A dependency that is down is not a bug: a request that meets it answers 503 with
// Retry-After, and the outage is logged once at warn rather than as a stack trace
// per request. Adapters tag the errors that mean "cannot reach Postgres/Redis";
// the HTTP layer turns them into `service_unavailable`.

import type { Logger } from 'pino';
import type { Dependency, DependencyMetrics } from '../observability/metrics.js';

export type { Dependency } from '../observability/metrics.js';

export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable`, { cause });
    this.name = 'DependencyUnavailable';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);
// SQLSTATE classes and codes that mean the server cannot serve us now: connection
// exceptions (08), insufficient resources (53: too many connections, disk full, out
// of memory), shutdown or start-up (57P01-57P03), a read-only server (25006: a
// demoted primary during a failover), and a statement cancelled by
// DATABASE_QUERY_TIMEOUT_MS (57014).
const PG_OUTAGE = /^(08...|53...|57P0[1-3]|57014|25006)$/;
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Query read timeout/;
const REDIS_MESSAGES = /Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request|All sentinels are unreachable|None of startup nodes is available|Failed to refresh slots cache|CLUSTERDOWN|LOADING|MASTERDOWN|READONLY|TRYAGAIN/;

function codeOf(err: unknown): string {
  return String((err as { code?: unknown })?.code ?? '');
}

export function isPostgresOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return NETWORK_CODES.has(codeOf(err)) || PG_OUTAGE.test(codeOf(err)) || PG_MESSAGES.test(err.message);
}

export function isRedisOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return NETWORK_CODES.has(codeOf(err)) || err.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(err.message);
}

export interface OutageReporterOptions {
  /** Counts every error (esia_bridge_dependency_errors_total). */
  metrics?: DependencyMetrics;
  /** Quiet time after which the outage is logged again; default 30 s. */
  quietMs?: number;
  now?: () => number;
}

/**
 * Tags an outage error for the HTTP layer, counts it, and logs the outage once:
 * again only after `quietMs` without errors from that dependency.
 */
export function outageReporter(dependency: Dependency, logger: Logger, options: OutageReporterOptions = {}) {
  const { metrics, quietMs = 30_000, now = Date.now } = options;
  let lastSeen: number | undefined;
  return (cause: unknown): DependencyUnavailable => {
    metrics?.dependencyError(dependency);
    const previous = lastSeen;
    lastSeen = now();
    if (previous === undefined || lastSeen - previous >= quietMs) {
      const c = cause as { code?: unknown; message?: unknown } | undefined;
      logger.warn(
        { event: 'dependency.unavailable', dependency, reason: String(c?.code || c?.message || 'unknown') },
        `${dependency} is unavailable: requests answer 503 until it is back`,
      );
    }
    return new DependencyUnavailable(dependency, cause);
  };
}
