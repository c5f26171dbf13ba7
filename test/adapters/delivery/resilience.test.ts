import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_RESILIENCE_OPTIONS,
  DeliveryError,
  createDeliveryPolicy,
  runDelivery,
} from '../../../src/adapters/delivery/resilience.js';
import type { ResilienceOptions } from '../../../src/adapters/delivery/resilience.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { metricValue } from '../../helpers/metrics.js';

const fast: ResilienceOptions = {
  attemptTimeoutMs: 500,
  totalTimeoutMs: 2_000,
  maxAttempts: 3,
  backoffInitialMs: 1,
  backoffMaxMs: 5,
  breakerThreshold: 100,
  breakerHalfOpenAfterMs: 60_000,
};

t.test('retryable failures are retried up to maxAttempts, attempts counted exactly', async (t) => {
  const policy = createDeliveryPolicy(fast);
  let calls = 0;
  const ok = await policy.run(async ({ attempt }) => {
    calls += 1;
    t.equal(attempt, calls);
    if (calls < 3) throw new DeliveryError('http_503', true, 503);
    return 'done';
  });
  t.same(ok, { ok: true, value: 'done', attempts: 3 });

  calls = 0;
  const failed = await policy.run(async () => {
    calls += 1;
    throw new DeliveryError('http_502', true, 502);
  });
  t.same(failed, { ok: false, attempts: 3, error: 'http_502', status: 502 });
  t.equal(calls, 3);
});

t.test('non-retryable and unexpected errors are not retried', async (t) => {
  const policy = createDeliveryPolicy(fast);
  let calls = 0;
  const permanent = await policy.run(async () => {
    calls += 1;
    throw new DeliveryError('http_400', false, 400);
  });
  t.same(permanent, { ok: false, attempts: 1, error: 'http_400', status: 400 });
  t.equal(calls, 1);

  calls = 0;
  const bug = await policy.run(async () => {
    calls += 1;
    throw new TypeError('boom 123456');
  });
  t.same(bug, { ok: false, attempts: 1, error: 'unexpected_error' });
  t.equal(calls, 1);
});

t.test('an attempt that ignores its signal is cut by the per-attempt timeout and retried', async (t) => {
  const policy = createDeliveryPolicy({ ...fast, attemptTimeoutMs: 50, maxAttempts: 2 });
  const signals: AbortSignal[] = [];
  const result = await policy.run(({ signal }) => {
    signals.push(signal);
    return new Promise<never>(() => {});
  });
  t.same(result, { ok: false, attempts: 2, error: 'attempt_timeout' });
  t.ok(signals.every((s) => s.aborted), 'each attempt signal was aborted');
});

t.test('the overall deadline bounds the whole send', async (t) => {
  const policy = createDeliveryPolicy({ ...fast, attemptTimeoutMs: 300, totalTimeoutMs: 400, maxAttempts: 10 });
  const started = Date.now();
  const result = await policy.run(() => new Promise<never>(() => {}));
  const elapsed = Date.now() - started;
  t.equal(result.ok, false);
  t.match(result, { error: 'total_timeout' });
  t.ok(result.attempts >= 1 && result.attempts <= 2, `attempts ${result.attempts}`);
  t.ok(elapsed < 400 + 2_000, `finished in ${elapsed} ms`);
});

t.test('no attempt starts after the deadline, even when a backoff outlives it', async (t) => {
  const policy = createDeliveryPolicy({
    ...fast,
    totalTimeoutMs: 100,
    attemptTimeoutMs: 100,
    backoffInitialMs: 100_000, // the first backoff delay is capped by backoffMaxMs
    backoffMaxMs: 400,
  });
  let calls = 0;
  const result = await policy.run(async () => {
    calls += 1;
    throw new DeliveryError('network_error', true);
  });
  t.same(result, { ok: false, attempts: 1, error: 'total_timeout' });
  await sleep(600);
  t.equal(calls, 1, 'the retry that woke up after the deadline did not run');
});

t.test('the consecutive breaker opens, fails fast and recovers after half-open', async (t) => {
  const events: string[] = [];
  const policy = createDeliveryPolicy(
    { ...fast, maxAttempts: 1, breakerThreshold: 2, breakerHalfOpenAfterMs: 100 },
    {
      onBreak: () => events.push('break'),
      onHalfOpen: () => events.push('half_open'),
      onReset: () => events.push('reset'),
    },
  );
  let calls = 0;
  const failing = async () => {
    calls += 1;
    throw new DeliveryError('http_500', true, 500);
  };
  // Non-retryable failures do not count towards the breaker.
  await policy.run(async () => {
    calls += 1;
    throw new DeliveryError('http_400', false, 400);
  });
  t.equal(policy.breakerState(), 'closed');
  await policy.run(failing);
  t.equal(policy.breakerState(), 'closed');
  await policy.run(failing);
  t.equal(policy.breakerState(), 'open');
  const fastFail = await policy.run(failing);
  t.same(fastFail, { ok: false, attempts: 0, error: 'circuit_open' });
  t.equal(calls, 3, 'nothing was called while open');

  await sleep(150);
  const recovered = await policy.run(async () => 'ok');
  t.same(recovered, { ok: true, value: 'ok', attempts: 1 });
  t.equal(policy.breakerState(), 'closed');
  t.same(events, ['break', 'half_open', 'reset']);
});

t.test('runDelivery maps outcomes to reports and counts retries', async (t) => {
  const metrics = createMetrics();
  const policy = createDeliveryPolicy(fast);
  let calls = 0;
  const sent = await runDelivery('sms', { loginId: 'login-1' }, policy, { metrics }, async () => {
    calls += 1;
    if (calls === 1) throw new DeliveryError('http_503', true, 503);
    return { providerMessageId: 'm-1', status: 200 };
  });
  t.same(sent, { status: 'sent', attempts: 2, providerMessageId: 'm-1' });
  const noId = await runDelivery('email', { loginId: 'login-2' }, policy, { metrics }, async () => ({}));
  t.same(noId, { status: 'sent', attempts: 1 });
  const failed = await runDelivery('email', { loginId: 'login-3' }, policy, { metrics }, async () => {
    throw new DeliveryError('smtp_550', false, 550);
  });
  t.same(failed, { status: 'failed', attempts: 1, error: 'smtp_550' });
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 1);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'email' }), 0);
});
