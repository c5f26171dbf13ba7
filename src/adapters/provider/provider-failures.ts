// Turns whatever openid-client, fetch or our own checks threw into one of three
// outcomes, with a loggable reason that never carries tokens, codes or claims:
//   - unavailable → ProviderUnavailable: connection errors, timeouts/aborts, HTTP 5xx
//     and 429 from the provider;
//   - denied      → ConsentDenied: `error=access_denied` in the authorization response;
//   - invalid     → ProviderError: everything else (failed checks, OAuth
//     errors such as invalid_grant/invalid_client, malformed responses).
// The library's error objects hold response bodies and claims in `cause`: only
// messages, codes and statuses are copied out of them here, and the errors
// themselves are never logged.
import * as oidc from 'openid-client';
import { BridgeError, ConsentDenied, ProviderError, ProviderUnavailable } from '../../domain/errors.js';

export type FailureKind = 'unavailable' | 'invalid' | 'denied';

export interface Failure {
  kind: FailureKind;
  /** A stable short reason, e.g. timeout, network, http_status, oauth_error, state_mismatch. */
  reason: string;
  /** The library's message or a network error code (static text, no values). */
  detail?: string;
  /** openid-client / oauth4webapi error code, e.g. OAUTH_JWT_CLAIM_COMPARISON_FAILED. */
  errorCode?: string;
  /** The OAuth `error` value (invalid_grant, access_denied, …). */
  oauthError?: string;
  status?: number;
}

/** A refusal decided by our own checks (not by the library). */
export class ProviderCheckFailed extends Error {
  readonly reason: string;
  constructor(reason: string, detail?: string) {
    super(detail ?? reason);
    this.name = 'ProviderCheckFailed';
    this.reason = reason;
  }
}

const LIBRARY_ERRORS = new Set(['OperationProcessingError', 'UnsupportedOperationError']);
const NETWORK_MESSAGES = new Set(['fetch failed', 'terminated']);

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

function isTimeout(e: unknown): boolean {
  return (
    (e instanceof Error || e instanceof DOMException) && (e.name === 'TimeoutError' || e.name === 'AbortError')
  ) || (e instanceof oidc.ClientError && (e.code === 'OAUTH_TIMEOUT' || e.code === 'OAUTH_ABORT'));
}

function networkCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('UND_ERR'))) return code;
  return undefined;
}

function isNetwork(e: unknown): boolean {
  return (e instanceof TypeError && NETWORK_MESSAGES.has(e.message)) || networkCode(e) !== undefined;
}

function unavailableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

export function describeFailure(err: unknown): Failure {
  if (err instanceof ProviderCheckFailed) return { kind: 'invalid', reason: err.reason, detail: err.message };

  const chain = causes(err);
  if (chain.some(isTimeout)) return { kind: 'unavailable', reason: 'timeout' };
  if (chain.some(isNetwork)) {
    const code = chain.map(networkCode).find((c) => c !== undefined);
    return { kind: 'unavailable', reason: 'network', ...(code ? { detail: code } : {}) };
  }

  if (err instanceof oidc.AuthorizationResponseError) {
    return {
      kind: authorizationErrorKind(err.error),
      reason: 'authorization_error',
      oauthError: err.error,
    };
  }
  if (err instanceof oidc.ResponseBodyError) {
    return {
      kind: unavailableStatus(err.status) ? 'unavailable' : 'invalid',
      reason: 'oauth_error',
      oauthError: err.error,
      status: err.status,
    };
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0];
    const error = challenge?.parameters.error;
    return {
      kind: unavailableStatus(err.status) ? 'unavailable' : 'invalid',
      reason: 'www_authenticate',
      status: err.status,
      ...(error ? { oauthError: error } : {}),
    };
  }
  if (err instanceof oidc.ClientError) {
    if (err.cause instanceof Response) {
      const { status } = err.cause;
      return {
        kind: unavailableStatus(status) ? 'unavailable' : 'invalid',
        reason: 'http_status',
        status,
        ...(err.code ? { errorCode: err.code } : {}),
      };
    }
    // A wrapped oauth4webapi error says which check failed in static text; any other
    // wrapped error (e.g. a JSON SyntaxError quoting the body) is named only.
    const cause = err.cause;
    const inner =
      cause instanceof Error
        ? LIBRARY_ERRORS.has(cause.name)
          ? cause.message
          : `${err.message} (${cause.name})`
        : err.message;
    return { kind: 'invalid', reason: 'validation', detail: inner, ...(err.code ? { errorCode: err.code } : {}) };
  }
  if (err instanceof BridgeError) {
    return { kind: err.code === ConsentDenied.code ? 'denied' : err.code === ProviderUnavailable.code ? 'unavailable' : 'invalid', reason: err.code };
  }
  // Unknown errors are named only: their messages may quote response bodies.
  return { kind: 'invalid', reason: 'unexpected', detail: err instanceof Error ? err.name : typeof err };
}

export function failureError(failure: Failure): BridgeError {
  switch (failure.kind) {
    case 'unavailable':
      return ProviderUnavailable();
    case 'denied':
      return ConsentDenied();
    default:
      return ProviderError();
  }
}

// RFC 6749 4.1.2.1: the provider says it is down or overloaded; anything else is a
// refusal of this request.
function authorizationErrorKind(error: string): FailureKind {
  if (error === 'access_denied') return 'denied';
  return error === 'temporarily_unavailable' || error === 'server_error' ? 'unavailable' : 'invalid';
}
