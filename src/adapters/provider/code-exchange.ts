// Completing a login: from the provider's callback to a Person, with every check on
// the way.
//
// Who checks what in completeLogin (in this order; nothing after a failed step runs):
//   1. callback (ours, then openid-client's validateAuthResponse again): single-
//      valued parameters; RFC 9207 `iss` equals the issuer (required when discovery
//      advertises authorization_response_iss_parameter_supported); `state` equals
//      the expected one; only then `error` (access_denied → ConsentDenied, other →
//      ProviderError); a `code` is present. No token request otherwise.
//   2. token exchange (openid-client): at this provider's token_endpoint with the
//      configured redirect_uri (never the callback's own host), code_verifier and
//      client authentication; HTTP 200 JSON with access_token/token_type; the ID
//      token is required; JWS header alg must be in the pinned list (we overwrite
//      the discovered id_token_signing_alg_values_supported with idTokenAlgs, so
//      discovery can never widen it; unsigned `none` therefore never passes), no
//      `crit`; aud/exp/iat/iss/sub present; exp (30 s tolerance), nbf; iss ===
//      issuer; aud contains client_id; several audiences need azp === client_id;
//      sub is a string; nonce === expected. Signature: enableNonRepudiationChecks
//      makes openid-client verify it against jwks_uri (HMAC refused, RSA ≥ 2048).
//   3. ours (id-token-checks.ts): header alg in the pinned list again; non-empty
//      sub; azp === client_id whenever present; exp and iat against our clock (iat
//      not in the future, not older than 10 minutes).
//   4. userinfo (openid-client; skipped when discovery has no userinfo_endpoint):
//      200, `sub` === the ID token's sub; a signed userinfo JWT has its alg pinned
//      and signature verified too.
//   5. claims: ID token claims win over userinfo claims (the ID token is signed);
//      mapped through the claim mapping (claim-mapping.ts).
// Failures: network/timeout/5xx → ProviderUnavailable; everything else →
// ProviderError; each logged at warn as `provider.*` events with the
// stage and a reason, never tokens, codes, state, nonce or claims.
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import { BridgeError, IncompleteProviderData } from '../../domain/errors.js';
import type { Person } from '../../domain/person.js';
import { mapClaimsWithIssues } from './claim-mapping.js';
import type { LoadedDiscovery } from './discovery.js';
import { checkIdTokenClaims, checkIdTokenHeader } from './id-token-checks.js';
import { ProviderCheckFailed } from './provider-failures.js';
import type { ProviderOptions } from './provider-options.js';
import { refuse, type Stage } from './provider-refusal.js';

/** Same as openid-client's default clock tolerance. */
const CLOCK_TOLERANCE_S = 30;
/** An ID token straight from the token endpoint is seconds old; refuse anything older than this. */
const ID_TOKEN_MAX_AGE_S = 600;

export interface ExpectedLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The serving request's logger; what this login logs goes there. */
  log?: Logger;
}

export interface CompletedLogin {
  person: Person;
  /** = ProviderClient.configuredIssuer = Person.provider. */
  issuer: string;
}

/** What every login of one provider client shares. */
export interface LoginContext {
  options: ProviderOptions;
  /** The pinned ID token algorithms. */
  algs: readonly string[];
  logger: Logger;
  /** Clock for our own ID token time checks. */
  now: () => Date;
}

type Tokens = Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;

export async function completeLogin(
  context: LoginContext,
  discovery: LoadedDiscovery,
  callbackUrl: URL,
  expected: ExpectedLogin,
): Promise<CompletedLogin> {
  checkCallback(context, discovery, callbackUrl.searchParams, expected);
  const tokens = await exchangeCode(context, discovery.config, callbackUrl, expected);
  const idClaims = checkIdToken(context, tokens);
  // userinfo, only now that the ID token passed everything.
  const userinfo = discovery.hasUserinfo ? await fetchUserinfo(context, discovery.config, tokens, idClaims) : {};
  return toPerson(context, userinfo, idClaims);
}

/** 1. The callback, before anything goes to the provider. */
function checkCallback(context: LoginContext, discovery: LoadedDiscovery, params: URLSearchParams, expected: ExpectedLogin): void {
  try {
    for (const name of ['iss', 'state', 'code', 'error']) {
      if (params.getAll(name).length > 1) throw new ProviderCheckFailed('callback_duplicate_parameter', `${name} repeated`);
    }
    const iss = params.get('iss');
    if (iss === null && discovery.issParameterRequired) throw new ProviderCheckFailed('iss_missing');
    if (iss !== null && iss !== discovery.issuer) throw new ProviderCheckFailed('iss_mismatch');
    const state = params.get('state');
    if (state === null) throw new ProviderCheckFailed('state_missing');
    if (state !== expected.state) throw new ProviderCheckFailed('state_mismatch');
    // The rest (error=, code) is checked by openid-client right below, before it sends anything.
  } catch (err) {
    throw refuse(context.logger, 'callback', err);
  }
}

/**
 * 2. Token exchange with every library check, signature included. The redirect_uri
 * sent is the configured one: the URL handed to openid-client is the configured
 * redirect URI carrying the callback's query.
 */
async function exchangeCode(context: LoginContext, config: oidc.Configuration, callbackUrl: URL, expected: ExpectedLogin): Promise<Tokens> {
  const callback = new URL(context.options.redirectUri);
  callback.search = callbackUrl.search;
  callback.hash = '';
  try {
    return await oidc.authorizationCodeGrant(config, callback, {
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      pkceCodeVerifier: expected.codeVerifier,
      idTokenExpected: true,
    });
  } catch (err) {
    throw refuse(context.logger, grantStage(err), err);
  }
}

/** openid-client checks the callback, the token response and the ID token in one call; say which failed. */
function grantStage(err: unknown): Stage {
  if (err instanceof oidc.AuthorizationResponseError) return 'callback';
  if (err instanceof oidc.ClientError) {
    const detail = err.cause instanceof Error ? err.cause.message : err.message;
    if (/JWT|ID Token|id_token|JWS|signature/i.test(detail) || err.code === 'OAUTH_KEY_SELECTION_FAILED') return 'id_token';
  }
  return 'token';
}

/** 3. Our own ID token checks; the ID token's claims when they pass. */
function checkIdToken(context: LoginContext, tokens: Tokens): Record<string, unknown> {
  const { options, algs } = context;
  try {
    if (typeof tokens.id_token !== 'string') throw new ProviderCheckFailed('id_token_missing');
    checkIdTokenHeader(tokens.id_token, algs);
    const claims = tokens.claims();
    if (!claims) throw new ProviderCheckFailed('id_token_missing');
    checkIdTokenClaims(claims, {
      clientId: options.clientId,
      algs,
      nowSeconds: Math.floor(context.now().getTime() / 1000),
      toleranceSeconds: CLOCK_TOLERANCE_S,
      maxAgeSeconds: ID_TOKEN_MAX_AGE_S,
    });
    return { ...claims };
  } catch (err) {
    throw refuse(context.logger, 'id_token', err);
  }
}

/** 4. userinfo for the ID token's subject. */
async function fetchUserinfo(
  context: LoginContext,
  config: oidc.Configuration,
  tokens: Tokens,
  idClaims: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  try {
    return { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub as string)) };
  } catch (err) {
    throw refuse(context.logger, 'userinfo', err);
  }
}

/** 5. Claims → Person. The signed ID token wins where both carry a claim. */
function toPerson(context: LoginContext, userinfo: Record<string, unknown>, idClaims: Record<string, unknown>): CompletedLogin {
  const { options, logger } = context;
  const provider = options.issuer;
  const stage: Stage = 'claims';
  try {
    const { person, issues } = mapClaimsWithIssues({ ...userinfo, ...idClaims }, options.claims, provider);
    if (issues.length > 0) logger.warn({ event: 'provider.claims_unusable', issues }, 'provider.claims_unusable');
    logger.info({ event: 'provider.login_verified', issuer: provider }, 'provider.login_verified');
    return { person, issuer: provider };
  } catch (err) {
    if (err instanceof BridgeError && err.code === IncompleteProviderData.code) {
      logger.warn({ event: 'provider.claims_incomplete', stage, reason: 'subject_missing' }, 'provider.claims_incomplete');
      throw err;
    }
    throw refuse(logger, stage, err);
  }
}
