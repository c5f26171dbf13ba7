// Checks on the ID token that we run ourselves, after openid-client has validated
// it (see code-exchange.ts for the split) and before userinfo is called. Some
// repeat a library check on purpose so that the pinned algorithms, the clock and
// `azp` do not depend on library defaults.
import { decodeProtectedHeader } from 'jose';
import { ProviderCheckFailed } from './provider-failures.js';

export interface IdTokenCheckContext {
  clientId: string;
  /** The pinned list from ProviderOptions.idTokenAlgs. */
  algs: readonly string[];
  nowSeconds: number;
  /** Allowed clock difference with the provider. */
  toleranceSeconds: number;
  /** How old (by `iat`) an ID token fresh from the token endpoint may be. */
  maxAgeSeconds: number;
}

/** The JWS header `alg` must be one of the pinned algorithms; `none` and HMAC never pass. */
export function checkIdTokenHeader(idToken: string, algs: readonly string[]): void {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(idToken).alg;
  } catch {
    throw new ProviderCheckFailed('id_token_malformed', 'the ID token header cannot be decoded');
  }
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || /^HS/i.test(alg) || !algs.includes(alg)) {
    throw new ProviderCheckFailed('id_token_alg_not_allowed', 'the ID token alg is not in the pinned list');
  }
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Claim checks openid-client leaves out or applies with its own clock. */
export function checkIdTokenClaims(claims: Record<string, unknown>, ctx: IdTokenCheckContext): void {
  const { sub, azp, iat, exp } = claims;
  if (typeof sub !== 'string' || sub.length === 0) {
    throw new ProviderCheckFailed('id_token_sub_invalid', 'the ID token sub is missing or empty');
  }
  // OIDC Core 3.1.3.7 (6): when azp is present it must be our client_id. openid-client
  // checks azp only when aud has several values.
  if (azp !== undefined && azp !== ctx.clientId) {
    throw new ProviderCheckFailed('id_token_azp_mismatch', 'the ID token azp is not this client');
  }
  if (!isNumber(exp) || exp <= ctx.nowSeconds - ctx.toleranceSeconds) {
    throw new ProviderCheckFailed('id_token_expired', 'the ID token exp is missing or past');
  }
  // openid-client checks only that iat is a number.
  if (!isNumber(iat) || iat > ctx.nowSeconds + ctx.toleranceSeconds) {
    throw new ProviderCheckFailed('id_token_iat_invalid', 'the ID token iat is missing or in the future');
  }
  if (iat < ctx.nowSeconds - ctx.maxAgeSeconds - ctx.toleranceSeconds) {
    throw new ProviderCheckFailed('id_token_too_old', 'the ID token iat is too far in the past');
  }
}
