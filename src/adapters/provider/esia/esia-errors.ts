// ESIA's refusals and what they mean for a login. ESIA answers with OAuth errors
// whose `error` or `error_description` carries its own code, e.g.
// `error=access_denied&error_description=ESIA-007004: …`. The code is logged (it is
// what ESIA's support asks for) and never shown: the person and the client see only
// consent_denied, provider_unavailable or provider_error.
import type { Logger } from 'pino';
import type { BridgeError } from '../../../domain/errors.js';
import { SignerUnavailable } from '../../../ports/signer.js';
import { describeFailure, failureError, type Failure, type FailureKind } from '../provider-failures.js';

/** ESIA codes with a meaning of their own; every other code is a refusal (invalid). */
const ESIA_CODE_KINDS: Record<string, FailureKind> = {
  // The person declined to share their data.
  'ESIA-007004': 'denied',
  // ESIA's own failure and "temporarily unavailable".
  'ESIA-007007': 'unavailable',
  'ESIA-007008': 'unavailable',
};

const OAUTH_ERROR_KINDS: Record<string, FailureKind> = {
  access_denied: 'denied',
  server_error: 'unavailable',
  temporarily_unavailable: 'unavailable',
};

export function esiaCodeOf(...texts: (string | null | undefined)[]): string | undefined {
  for (const text of texts) {
    const code = text ? /\bESIA-\d{6}\b/.exec(text)?.[0] : undefined;
    if (code) return code;
  }
  return undefined;
}

/** A refusal by ESIA or a failed exchange with it, with what can be logged about it. */
export class EsiaFailure extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.reason);
    this.name = 'EsiaFailure';
    this.failure = failure;
  }
}

/** An OAuth error answer (callback query or token endpoint body) as an EsiaFailure. */
export function esiaRefusal(reason: string, error: string | null | undefined, description: string | null | undefined, status?: number): EsiaFailure {
  const esiaCode = esiaCodeOf(error, description);
  const kind: FailureKind =
    (esiaCode && ESIA_CODE_KINDS[esiaCode]) ||
    (error && OAUTH_ERROR_KINDS[error]) ||
    (status !== undefined && (status >= 500 || status === 429) ? 'unavailable' : 'invalid');
  return new EsiaFailure({
    kind,
    reason,
    ...(error && /^[\w-]{1,64}$/.test(error) ? { oauthError: error } : {}),
    ...(esiaCode ? { errorCode: esiaCode } : {}),
    ...(status !== undefined ? { status } : {}),
  });
}

export type EsiaStage = 'callback' | 'signing' | 'token' | 'id_token' | 'person';

/** Logs the failure as a provider.* event (stage, reason, ESIA code) and returns what the flow sees. */
export function refuseEsia(logger: Logger, stage: EsiaStage, err: unknown): BridgeError {
  const failure: Failure =
    err instanceof EsiaFailure
      ? err.failure
      : err instanceof SignerUnavailable
        ? { kind: 'unavailable', reason: 'signer_unavailable', detail: err.reason }
        : describeFailure(err);
  const event =
    failure.kind === 'unavailable' ? 'provider.unavailable' : failure.kind === 'denied' ? 'provider.consent_denied' : 'provider.response_invalid';
  const fields = { event, dialect: 'esia', stage, ...failure };
  if (failure.kind === 'denied') logger.info(fields, event);
  else logger.warn(fields, event);
  return failureError(failure);
}
