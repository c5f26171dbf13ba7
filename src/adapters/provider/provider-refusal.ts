// A failed step of talking to the provider, logged as a `provider.*` event and
// turned into the BridgeError the caller sees (provider-failures.ts decides which).
import type { Logger } from 'pino';
import type { BridgeError } from '../../domain/errors.js';
import { describeFailure, failureError, type Failure } from './provider-failures.js';

export type Stage = 'discovery' | 'callback' | 'token' | 'id_token' | 'userinfo' | 'claims';

export function refuse(logger: Logger, stage: Stage, err: unknown): BridgeError {
  const failure: Failure = describeFailure(err);
  const event =
    failure.kind === 'unavailable'
      ? 'provider.unavailable'
      : failure.kind === 'denied'
        ? 'provider.consent_denied'
        : 'provider.response_invalid';
  const fields = { event, stage, ...failure };
  if (failure.kind === 'denied') logger.info(fields, event);
  else logger.warn(fields, event);
  return failureError(failure);
}
