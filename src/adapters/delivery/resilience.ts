// Resilience for the delivery channels, built from cockatiel policies. One policy per
// channel instance (the circuit breaker state is per channel). Per send():
//
//   total deadline (timeout, aggressive)      — the caller never waits longer than totalTimeoutMs
//     └ retry (exponential backoff)           — only errors with `retryable: true`
//         └ circuit breaker (consecutive)     — counts retryable failures of single attempts
//             └ attempt counter + error normalisation (this module)
//                 └ per-attempt timeout (aggressive) — aborts the attempt's AbortSignal
//                     └ the channel's attempt function (fetch / nodemailer)
//
// Classification is the adapters' job: they throw `DeliveryError(reason, retryable)`.
// Per-attempt timeouts become `attempt_timeout` (retryable); hitting the overall deadline
// is `total_timeout`; an open breaker is `circuit_open` (fail fast, nothing is contacted).
// Non-retryable failures (4xx, permanent SMTP replies, provider rejections) neither open
// nor reset the breaker: they prove nothing about the provider's health.
//
// A timed-out attempt cannot always be recalled (the SMS gateway or the SMTP server may
// still deliver it), so a retry after a timeout can produce a duplicate message with the
// same code. That is harmless for one-time codes and preferable to no message.

import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import type { Channel, CodeMessage, DeliveryReport } from '../../ports/delivery.js';
import type { DeliveryMetrics } from '../../observability/metrics.js';

export interface ResilienceOptions {
  /** Timeout of one attempt (the attempt's AbortSignal fires). */
  attemptTimeoutMs: number;
  /** Overall deadline of one send(), attempts and backoff delays included. */
  totalTimeoutMs: number;
  /** Attempts in total, the first one included (1 = no retries). */
  maxAttempts: number;
  /** First backoff delay before a retry (exponential with decorrelated jitter). */
  backoffInitialMs: number;
  /** Upper bound of a single backoff delay (caps backoffInitialMs too). */
  backoffMaxMs: number;
  /** Consecutive failed attempts (retryable failures) that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before one trial attempt is let through. */
  breakerHalfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE_OPTIONS: Readonly<ResilienceOptions> = Object.freeze({
  attemptTimeoutMs: 5_000,
  totalTimeoutMs: 12_000,
  maxAttempts: 3,
  backoffInitialMs: 200,
  backoffMaxMs: 2_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
});

/**
 * A failed attempt. `reason` is a short technical token (e.g. `http_503`, `smtp_535`,
 * `network_error`) that never contains the code, the text or the destination.
 */
export class DeliveryError extends Error {
  readonly reason: string;
  readonly retryable: boolean;
  /** HTTP status or SMTP reply code, when there was one. */
  readonly status: number | undefined;

  constructor(reason: string, retryable: boolean, status?: number) {
    super(reason);
    this.name = 'DeliveryError';
    this.reason = reason;
    this.retryable = retryable;
    this.status = status;
  }
}

export const isRetryable = (error: unknown): boolean => error instanceof DeliveryError && error.retryable;

export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the attempt times out or the overall deadline passes. */
  signal: AbortSignal;
}

export type PolicyResult<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; attempts: number; error: string; status?: number };

export interface RunHooks {
  onAttemptStart?(attempt: number): void;
  onAttemptFailed?(attempt: number, error: DeliveryError): void;
}

export type BreakerState = 'closed' | 'open' | 'half_open' | 'isolated';

export interface PolicyEvents {
  onBreak?(): void;
  onHalfOpen?(): void;
  onReset?(): void;
}

export interface DeliveryPolicy {
  /** Runs `fn` under the policy. Never rejects: failures come back as `{ ok: false }`. */
  run<T>(fn: (ctx: AttemptContext) => Promise<T>, hooks?: RunHooks): Promise<PolicyResult<T>>;
  breakerState(): BreakerState;
  /** The underlying cockatiel circuit breaker (for events or isolation). */
  readonly breaker: CircuitBreakerPolicy;
}

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** Builds the policy of one channel. Throws when the options are invalid. */
export function createDeliveryPolicy(options: ResilienceOptions, events: PolicyEvents = {}): DeliveryPolicy {

  const retryable = handleWhen(isRetryable);
  const totalTimeout = timeout(options.totalTimeoutMs, TimeoutStrategy.Aggressive);
  const attemptTimeout = timeout(options.attemptTimeoutMs, TimeoutStrategy.Aggressive);
  const retryPolicy = retry(retryable, {
    maxAttempts: options.maxAttempts - 1, // cockatiel counts retries, we count attempts
    backoff: new ExponentialBackoff({
      initialDelay: options.backoffInitialMs,
      maxDelay: options.backoffMaxMs,
    }),
  });
  const breaker = circuitBreaker(retryable, {
    halfOpenAfter: options.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  if (events.onBreak) breaker.onBreak(events.onBreak);
  if (events.onHalfOpen) breaker.onHalfOpen(events.onHalfOpen);
  if (events.onReset) breaker.onReset(events.onReset);

  async function run<T>(fn: (ctx: AttemptContext) => Promise<T>, hooks: RunHooks = {}): Promise<PolicyResult<T>> {
    let attempts = 0;
    try {
      const value = await totalTimeout.execute(({ signal: deadline }) =>
        retryPolicy.execute(
          () =>
            breaker.execute(async () => {
              // The retry loop may wake up from a backoff delay after the deadline has passed
              // (its delay is not cancellable): do not start another attempt then.
              if (deadline.aborted) throw new DeliveryError('total_timeout', false);
              attempts += 1;
              const attempt = attempts;
              hooks.onAttemptStart?.(attempt);
              try {
                return await attemptTimeout.execute(({ signal }) => fn({ attempt, signal }), deadline);
              } catch (err) {
                const error = normalizeAttemptError(err, deadline);
                hooks.onAttemptFailed?.(attempt, error);
                throw error;
              }
            }, deadline),
          deadline,
        ),
      );
      return { ok: true, value, attempts };
    } catch (err) {
      const failure: PolicyResult<T> = { ok: false, attempts, error: failureReason(err) };
      if (err instanceof DeliveryError && err.status !== undefined) failure.status = err.status;
      return failure;
    }
  }

  return {
    run,
    breakerState: () => BREAKER_STATES[breaker.state],
    breaker,
  };
}

function normalizeAttemptError(err: unknown, deadline: AbortSignal): DeliveryError {
  if (deadline.aborted) {
    // The overall deadline cut this attempt short: a slow provider, counts for the breaker.
    return err instanceof DeliveryError && !err.retryable ? err : new DeliveryError('total_timeout', true);
  }
  if (err instanceof DeliveryError) return err;
  if (err instanceof TaskCancelledError) return new DeliveryError('attempt_timeout', true);
  return new DeliveryError('unexpected_error', false);
}

function failureReason(err: unknown): string {
  if (err instanceof DeliveryError) return err.reason;
  if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) return 'circuit_open';
  if (err instanceof TaskCancelledError) return 'total_timeout';
  return 'unexpected_error';
}

/** Dependencies every channel receives. */
export interface ChannelDeps {
  metrics: DeliveryMetrics;
  logger?: Logger;
}

export interface AttemptOutcome {
  providerMessageId?: string;
  /** HTTP status or SMTP reply code of the accepting response. */
  status?: number;
}

/**
 * The common body of `send()`: runs the attempts under the policy, counts retries
 * (what was sent or failed is counted by code-delivery.ts, for every channel), logs
 * (channel, attempt, status, reason, with the login's id bound — never the code, the
 * destination or the text) and turns the outcome into a DeliveryReport. Never rejects.
 */
export async function runDelivery(
  channel: Channel,
  message: Pick<CodeMessage, 'loginId' | 'log'>,
  policy: DeliveryPolicy,
  deps: ChannelDeps,
  attemptFn: (ctx: AttemptContext) => Promise<AttemptOutcome>,
): Promise<DeliveryReport> {
  const { metrics } = deps;
  // The request's logger names the login (and the request) already.
  const logger = message.log ?? deps.logger?.child({ loginId: message.loginId });
  const result = await policy.run(attemptFn, {
    onAttemptStart(attempt) {
      if (attempt > 1) metrics.retried(channel);
      logger?.debug({ event: 'delivery.attempt', channel, attempt }, 'delivery.attempt');
    },
    onAttemptFailed(attempt, error) {
      logger?.warn(
        {
          event: 'delivery.attempt_failed',
          channel,
          attempt,
          status: error.status,
          reason: error.reason,
          retryable: error.retryable,
        },
        'delivery.attempt_failed',
      );
    },
  });

  if (result.ok) {
    logger?.info(
      {
        event: 'delivery.sent',
        channel,
        attempts: result.attempts,
        status: result.value.status,
        providerMessageId: result.value.providerMessageId,
      },
      'delivery.sent',
    );
    const report: DeliveryReport = { status: 'sent', attempts: result.attempts };
    if (result.value.providerMessageId !== undefined) report.providerMessageId = result.value.providerMessageId;
    return report;
  }

  logger?.warn(
    {
      event: result.error === 'circuit_open' ? 'delivery.circuit_open' : 'delivery.failed',
      channel,
      attempts: result.attempts,
      status: result.status,
      reason: result.error,
    },
    result.error === 'circuit_open' ? 'delivery.circuit_open' : 'delivery.failed',
  );
  return { status: 'failed', attempts: result.attempts, error: result.error };
}

/** Breaker events logged per channel. */
export function breakerLogEvents(channel: Channel, logger: Logger | undefined): PolicyEvents {
  if (!logger) return {};
  return {
    onBreak: () => logger.warn({ event: 'delivery.breaker_opened', channel }, 'delivery.breaker_opened'),
    onHalfOpen: () => logger.info({ event: 'delivery.breaker_half_open', channel }, 'delivery.breaker_half_open'),
    onReset: () => logger.info({ event: 'delivery.breaker_closed', channel }, 'delivery.breaker_closed'),
  };
}

/** The report for a message handed to the wrong channel (a wiring bug, not a delivery). */
function wrongChannelReport(): DeliveryReport {
  return { status: 'failed', attempts: 0, error: 'wrong_channel' };
}

export interface ResilientChannel<C extends Channel> {
  readonly channel: C;
  breakerState(): BreakerState;
  send(message: CodeMessage): Promise<DeliveryReport>;
}

/**
 * A channel built on one attempt function: timeouts, retries and the breaker from
 * `resilience`, the breaker's state logged and watched, each send reported. Both
 * the SMS gateway and SMTP are this, with their own attempt.
 */
export function resilientChannel<C extends Channel>(
  channel: C,
  resilience: ResilienceOptions,
  deps: ChannelDeps,
  attempt: (message: CodeMessage, signal: AbortSignal) => Promise<AttemptOutcome>,
): ResilientChannel<C> {
  const policy = createDeliveryPolicy(resilience, breakerLogEvents(channel, deps.logger));
  deps.metrics.watchBreaker(channel, () => policy.breakerState());
  return {
    channel,
    breakerState: () => policy.breakerState(),
    async send(message) {
      if (message.channel !== channel) return wrongChannelReport();
      return runDelivery(channel, message, policy, deps, ({ signal }) => attempt(message, signal));
    },
  };
}
