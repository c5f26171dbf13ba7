// The service's metrics, in one place. Adapters and the HTTP layer report here
// through the small interfaces below (never prom-client itself), the metrics
// listener (metrics-server.ts) exposes the registry in the Prometheus text format,
// and tests read it. One registry per service, so tests can run several at once.
//
// Cost per request is a few prom-client observations: label values come from small
// fixed sets (route patterns, status codes, step names, error codes), and gauges
// read their values (pool, breakers, audit queue, readiness) only when scraped.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReadinessCheck } from '../http/readiness.js';
import { probeCheck } from '../http/readiness.js';

export const METRIC_PREFIX = 'esia_bridge_';

/** The provider's endpoints the bridge calls (the esia dialect's `person` is /rs/prns and its contacts). */
export type ProviderCall = 'discovery' | 'jwks' | 'token' | 'userinfo' | 'person' | 'other';
export type CallOutcome = 'ok' | 'http_4xx' | 'http_5xx' | 'timeout' | 'network_error';
export type CodeOutcome = 'sent' | 'failed' | 'circuit_open' | 'not_configured';
export type BreakerStateName = 'closed' | 'open' | 'half_open' | 'isolated';
export type Dependency = 'postgres' | 'redis';

const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'open', 'half_open', 'isolated'];
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ProviderMetrics {
  providerCall(call: ProviderCall, outcome: CallOutcome, seconds: number): void;
}

export interface DeliveryMetrics {
  codeSent(channel: string, outcome: CodeOutcome): void;
  /** An extra attempt after a retryable failure. */
  retried(channel: string): void;
  /** A channel with a breaker and retries: its state is read when scraped. */
  watchBreaker(channel: string, state: () => BreakerStateName): void;
}

export interface LoginMetrics {
  loginStarted(): void;
  /** A login reached a final status; `error` is its error code, if rejected. */
  loginFinished(status: string, error: string | null): void;
}

export interface DependencyMetrics {
  dependencyError(dependency: Dependency): void;
}

export interface AuditMetrics {
  auditQueued(): void;
  auditDropped(reason: string, count: number): void;
  watchAuditQueue(length: () => number): void;
}

export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** What the HTTP layer records (http-metrics.ts binds children per route). */
export interface HttpMetricFamilies {
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  stepDuration: Histogram<'step' | 'outcome'>;
}

export interface Metrics extends ProviderMetrics, DeliveryMetrics, LoginMetrics, DependencyMetrics, AuditMetrics {
  readonly registry: Registry;
  readonly http: HttpMetricFamilies;
  watchPool(pool: PoolStats): void;
  /** Readiness per dependency, checked when scraped (the same checks as /readyz). */
  watchReadiness(checks: ReadinessCheck[]): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC): only when something scrapes them. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const name = (base: string) => `${METRIC_PREFIX}${base}`;

  const http: HttpMetricFamilies = {
    requestDuration: new Histogram({
      name: name('http_request_duration_seconds'),
      help: 'HTTP requests by method, route pattern and status, with their latency.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    stepDuration: new Histogram({
      name: name('login_step_duration_seconds'),
      help: 'Time spent in each login step (use case), by outcome (ok or error).',
      labelNames: ['step', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
  const started = new Counter({ name: name('logins_started_total'), help: 'Logins started.', registers });
  const finished = new Counter({
    name: name('logins_finished_total'),
    help: 'Logins that reached a final status (completed, rejected, cancelled), with the error code of a rejection.',
    labelNames: ['status', 'error'],
    registers,
  });
  const providerCalls = new Histogram({
    name: name('provider_request_duration_seconds'),
    help: 'Requests to the identity provider by call (discovery, jwks, token, userinfo, person) and outcome, with their latency.',
    labelNames: ['call', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const codes = new Counter({
    name: name('codes_sent_total'),
    help: 'One-time codes handed to a delivery channel, by channel and outcome (sent, failed, circuit_open, not_configured).',
    labelNames: ['channel', 'outcome'],
    registers,
  });
  const retries = new Counter({
    name: name('code_delivery_retries_total'),
    help: 'Extra delivery attempts after a retryable failure, by channel.',
    labelNames: ['channel'],
    registers,
  });
  const dependencyErrors = new Counter({
    name: name('dependency_errors_total'),
    help: 'Operations that failed because Postgres or Redis could not be reached (answered 503).',
    labelNames: ['dependency'],
    registers,
  });
  const auditQueued = new Counter({ name: name('audit_events_queued_total'), help: 'Audit events queued for writing.', registers });
  const auditDropped = new Counter({
    name: name('audit_events_dropped_total'),
    help: 'Audit events given up (logged in full at error), by reason (queue_full, shutdown).',
    labelNames: ['reason'],
    registers,
  });
  for (const dependency of ['postgres', 'redis'] as const) dependencyErrors.labels(dependency).inc(0);
  auditDropped.labels('queue_full').inc(0);

  const breakers = new Map<string, () => BreakerStateName>();
  new Gauge({
    name: name('delivery_circuit_state'),
    help: 'Circuit breaker of each delivery channel: 1 for its current state, 0 for the others.',
    labelNames: ['channel', 'state'],
    registers,
    collect() {
      for (const [channel, read] of breakers) {
        const current = read();
        for (const state of BREAKER_STATES) this.labels(channel, state).set(state === current ? 1 : 0);
      }
    },
  });
  const watched = scrapedGauges(registry, name);

  return {
    registry,
    http,
    providerCall: (call, outcome, seconds) => providerCalls.labels(call, outcome).observe(seconds),
    codeSent: (channel, outcome) => codes.labels(channel, outcome).inc(),
    retried: (channel) => retries.labels(channel).inc(),
    watchBreaker: (channel, state) => {
      breakers.set(channel, state);
      retries.labels(channel).inc(0);
    },
    loginStarted: () => started.inc(),
    loginFinished: (status, error) => finished.labels(status, error ?? '').inc(),
    dependencyError: (dependency) => dependencyErrors.labels(dependency).inc(),
    auditQueued: () => auditQueued.inc(),
    auditDropped: (reason, count) => auditDropped.labels(reason).inc(count),
    ...watched,
  };
}

/** Gauges whose values are read from their source at scrape time. */
function scrapedGauges(registry: Registry, name: (base: string) => string) {
  const registers = [registry];
  let pool: PoolStats | null = null;
  let auditQueue: (() => number) | null = null;
  let readiness: ReadinessCheck[] = [];
  new Gauge({
    name: name('pg_pool_connections'),
    help: 'Postgres pool connections: total open and idle.',
    labelNames: ['state'],
    registers,
    collect() {
      if (!pool) return;
      this.labels('total').set(pool.totalCount);
      this.labels('idle').set(pool.idleCount);
    },
  });
  new Gauge({
    name: name('pg_pool_waiting_requests'),
    help: 'Queries waiting for a Postgres pool connection.',
    registers,
    collect() {
      if (pool) this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: name('audit_queue_length'),
    help: 'Audit events waiting to be written.',
    registers,
    collect() {
      if (auditQueue) this.set(auditQueue());
    },
  });
  new Gauge({
    name: name('dependency_up'),
    help: 'Readiness of each dependency as /readyz checks it (1 up, 0 down), checked when scraped.',
    labelNames: ['dependency'],
    registers,
    async collect() {
      const results = await Promise.all(readiness.map(async (c) => [c.name, await probeCheck(c)] as const));
      for (const [dependency, state] of results) this.labels(dependency).set(state === 'up' ? 1 : 0);
    },
  });
  return {
    watchPool: (stats: PoolStats) => void (pool = stats),
    watchAuditQueue: (length: () => number) => void (auditQueue = length),
    watchReadiness: (checks: ReadinessCheck[]) => void (readiness = checks),
  };
}
