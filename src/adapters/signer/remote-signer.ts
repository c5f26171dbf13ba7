// The signer port over HTTP: a signing service next to the bridge (a certified
// signing sidecar such as CryptoPro DSS behind a thin adapter, or a team's own
// service) holds the key; the bridge sends bytes and gets signatures back.
//
// Protocol (JSON, bytes base64), each call one POST under SIGNER_URL:
//   /sign    {data}                         → {signature}   s‖r, each big-endian (ports/signer.ts)
//   /verify  {data, signature, certificate} → {valid}       certificate: DER
//   /digest  {data}                         → {digest}      Streebog-256
// with the configured Authorization header. 2xx with the field is success; 5xx, 429,
// timeouts and network errors are retried (the delivery channels' resilience: per-
// attempt timeout, total deadline, backoff, circuit breaker); any other answer is a
// refusal. Failure → SignerUnavailable (the login answers provider_unavailable).
import type { Logger } from 'pino';
import { SignerUnavailable, type GostSigner } from '../../ports/signer.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';
import { createDeliveryPolicy, DeliveryError, DEFAULT_RESILIENCE_OPTIONS, type DeliveryPolicy } from '../delivery/resilience.js';

export interface RemoteSignerOptions {
  /** Base URL; /sign, /verify and /digest are appended. */
  url: string;
  /** Sent as the Authorization header when set. */
  authorization: string | null;
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  backoffInitialMs?: number;
}

type Operation = 'sign' | 'verify' | 'digest';

export function createRemoteSigner(options: RemoteSignerOptions, logger: Logger): GostSigner {
  const policy = signerPolicy(options, logger);
  const base = options.url.replace(/\/+$/, '');

  async function call(operation: Operation, body: Record<string, string>, field: string): Promise<unknown> {
    const result = await policy.run(async ({ signal }) => {
      const response = await post(`${base}/${operation}`, body, options.authorization, signal);
      return readField(response, field);
    });
    if (result.ok) return result.value;
    logger.warn({ event: 'signer.failed', operation, attempts: result.attempts, status: result.status, reason: result.error }, 'signer.failed');
    throw new SignerUnavailable(result.error);
  }

  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    kind: 'remote',
    sign: async (data) => bytesOf(await call('sign', { data: b64(data) }, 'signature')),
    verify: async (data, signature, certificate) =>
      (await call('verify', { data: b64(data), signature: b64(signature), certificate: b64(certificate) }, 'valid')) === true,
    digest: async (data) => bytesOf(await call('digest', { data: b64(data) }, 'digest')),
  };
}

function signerPolicy(options: RemoteSignerOptions, logger: Logger): DeliveryPolicy {
  const backoffInitialMs = options.backoffInitialMs ?? DEFAULT_RESILIENCE_OPTIONS.backoffInitialMs;
  return createDeliveryPolicy(
    {
      attemptTimeoutMs: options.timeoutMs,
      // Every attempt may use its whole timeout, plus the backoff between them.
      totalTimeoutMs: options.timeoutMs * options.maxAttempts + backoffInitialMs * 4 * options.maxAttempts,
      maxAttempts: options.maxAttempts,
      backoffInitialMs,
      backoffMaxMs: Math.max(backoffInitialMs, DEFAULT_RESILIENCE_OPTIONS.backoffMaxMs),
      breakerThreshold: options.breakerThreshold ?? DEFAULT_RESILIENCE_OPTIONS.breakerThreshold,
      breakerHalfOpenAfterMs: options.breakerCooldownMs ?? DEFAULT_RESILIENCE_OPTIONS.breakerHalfOpenAfterMs,
    },
    {
      onBreak: () => logger.warn({ event: 'signer.breaker_opened' }, 'signer.breaker_opened'),
      onReset: () => logger.info({ event: 'signer.breaker_closed' }, 'signer.breaker_closed'),
    },
  );
}

const send = nodeHttpFetch();

async function post(url: string, body: object, authorization: string | null, signal: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await send(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new DeliveryError('network_error', true);
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new DeliveryError(`http_${response.status}`, true, response.status);
  }
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel();
    throw new DeliveryError(`http_${response.status}`, false, response.status);
  }
  return response;
}

async function readField(response: Response, field: string): Promise<unknown> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new DeliveryError('invalid_response', false, response.status);
  }
  const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[field] : undefined;
  if (value === undefined) throw new DeliveryError('invalid_response', false, response.status);
  return value;
}

function bytesOf(value: unknown): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new SignerUnavailable('invalid_response');
  return Buffer.from(value, 'base64');
}
