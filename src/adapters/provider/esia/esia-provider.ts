// The `esia` dialect of the identity provider port: ESIA's own protocol beside the
// standard `oidc` one, producing the same Person, so the login rules do not change.
//
// Who checks what in completeLogin (in this order; nothing after a failed step runs):
//   1. callback: single-valued parameters; `iss`, if ESIA ever sends it (RFC 9207),
//      equals the issuer; `state` equals the expected one (the flow took it from the
//      store once); only then `error` (ESIA's code logged, mapped by esia-errors.ts);
//      a `code` is present.
//   2. token request (token-exchange.ts): signed with a fresh state and timestamp;
//      the answer's state must be that state.
//   3. ID token (gost-jwt.ts, id-token-claims.ts): alg pinned to GOST3410_2012_256,
//      signature by ESIA's configured certificate(s), iss/aud/azp/exp/nbf/iat and
//      urn:esia:sbj.
//   4. /rs/prns/{oid} and its contacts with the access token (person-data.ts).
//   5. the claim mapping → Person.
// ESIA documents neither PKCE nor nonce for v2/ac, so neither is sent; the state is
// single-use and every request is signed. Failures: network/timeouts/5xx and an
// unavailable signer → ProviderUnavailable; ESIA-007004 → ConsentDenied; the rest →
// ProviderError — logged as provider.* events, never tokens or codes.
import type { Logger } from 'pino';
import { BridgeError, IncompleteProviderData } from '../../../domain/errors.js';
import type { IdentityProvider } from '../../../ports/identity-provider.js';
import type { GostSigner } from '../../../ports/signer.js';
import type { ProviderMetrics } from '../../../observability/metrics.js';
import { observedFetch, type CallClassifier } from '../../../observability/provider-calls.js';
import { mapClaimsWithIssues } from '../claim-mapping.js';
import { ProviderCheckFailed } from '../provider-failures.js';
import { esiaRefusal, refuseEsia, type EsiaStage } from './esia-errors.js';
import { ESIA_PATHS, ESIA_TOKEN_ALG, type EsiaOptions } from './esia-options.js';
import { verifyGostJwt } from './gost-jwt.js';
import { checkEsiaIdTokenClaims } from './id-token-claims.js';
import { assembleClaims, fetchPersonData } from './person-data.js';
import { clientSecret, esiaTimestamp } from './request-signature.js';
import { requestTokens, tokenRequestBody, type TokenContext } from './token-exchange.js';
import { nodeHttpFetch } from '../../http/node-http-fetch.js';

const CLOCK_TOLERANCE_S = 30;
const ID_TOKEN_MAX_AGE_S = 600;

export interface EsiaProviderDeps {
  signer: GostSigner;
  logger: Logger;
  now?: () => Date;
  fetch?: typeof fetch;
  /** Counts and times every request to ESIA, by call (token, person). */
  metrics?: ProviderMetrics;
}

export function createEsiaProvider(options: EsiaOptions, deps: EsiaProviderDeps): IdentityProvider & { close(): void } {
  const logger = deps.logger.child({ dialect: 'esia' });
  const ctx: TokenContext = {
    options,
    signer: deps.signer,
    http: { fetch: observedFetch(deps.fetch ?? nodeHttpFetch(), deps.metrics, esiaCalls(options)), timeoutMs: options.timeoutMs },
    now: deps.now ?? (() => new Date()),
    certificateHash: certificateHashOf(options, deps.signer),
  };
  // `log`: the serving request's logger when there is one.
  const step = async <T>(stage: EsiaStage, work: () => Promise<T> | T, log: Logger = logger): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw refuseEsia(log, stage, err);
    }
  };

  // Nothing to discover; ready once the certificate hash is known (a remote signer answered).
  const ready = async () => void (await step('signing', () => ctx.certificateHash()));

  return {
    issuer: options.issuer,
    ready,
    authorizationUrl: (request) => step('signing', () => authorizationUrl(ctx, request.state), request.log),
    async completeLogin(callbackUrl, expected) {
      const log = expected.log ?? logger;
      const code = await step('callback', () => checkCallback(options, callbackUrl.searchParams, expected.state), log);
      const { body, state } = await step('signing', () => tokenRequestBody(ctx, code), log);
      const tokens = await step('token', () => requestTokens(ctx, body, state), log);
      const { claims, oid } = await step('id_token', () => checkIdToken(ctx, tokens.idToken), log);
      const { prns, ctts } = await step('person', () => fetchPersonData(ctx.http, options.baseUrl, oid, tokens.accessToken), log);
      return { person: toPerson(options, log, assembleClaims(oid, claims, prns, ctts)) };
    },
    check: ready,
    close: () => undefined,
  };
}

/** ESIA's endpoints as calls: the token endpoint, and the person (/rs/prns and its contacts). */
function esiaCalls(options: EsiaOptions): CallClassifier {
  const token = `${options.baseUrl}${ESIA_PATHS[options.endpoints].token}`;
  const person = `${options.baseUrl}${ESIA_PATHS.person}/`;
  return (url) => (url === token ? 'token' : url.startsWith(person) ? 'person' : 'other');
}

/** Hex Streebog-256 of the certificate's DER, computed once (a failed attempt is retried next time). */
function certificateHashOf(options: EsiaOptions, signer: GostSigner): () => Promise<string> {
  let hash: Promise<string> | undefined;
  return () => {
    if (options.clientCertificateHash) return Promise.resolve(options.clientCertificateHash);
    hash ??= signer.digest(options.clientCertificate).then((d) => Buffer.from(d).toString('hex'));
    hash.catch(() => (hash = undefined));
    return hash;
  };
}

async function authorizationUrl(ctx: TokenContext, state: string): Promise<URL> {
  const { options } = ctx;
  const now = ctx.now();
  const fields = { clientId: options.clientId, scope: options.scopes.join(' '), timestamp: esiaTimestamp(now), state, redirectUri: options.redirectUri };
  const url = new URL(`${options.baseUrl}${ESIA_PATHS[options.endpoints].authorize}`);
  const params = url.searchParams;
  params.set('client_id', fields.clientId);
  params.set('client_secret', await clientSecret(ctx.signer, options.endpoints, fields, options.clientCertificate, now));
  params.set('redirect_uri', fields.redirectUri);
  params.set('scope', fields.scope);
  params.set('response_type', 'code');
  params.set('state', state);
  params.set('timestamp', fields.timestamp);
  params.set('access_type', 'online');
  if (options.endpoints === 'v2') params.set('client_certificate_hash', await ctx.certificateHash());
  return url;
}

function checkCallback(options: EsiaOptions, params: URLSearchParams, expectedState: string): string {
  for (const name of ['iss', 'state', 'code', 'error', 'error_description']) {
    if (params.getAll(name).length > 1) throw new ProviderCheckFailed('callback_duplicate_parameter', `${name} repeated`);
  }
  const iss = params.get('iss');
  if (iss !== null && iss !== options.issuer) throw new ProviderCheckFailed('iss_mismatch');
  const state = params.get('state');
  if (state === null) throw new ProviderCheckFailed('state_missing');
  if (state !== expectedState) throw new ProviderCheckFailed('state_mismatch');
  const error = params.get('error');
  if (error !== null) throw esiaRefusal('authorization_error', error, params.get('error_description'));
  const code = params.get('code');
  if (!code) throw new ProviderCheckFailed('code_missing');
  return code;
}

async function checkIdToken(ctx: TokenContext, idToken: string): Promise<{ claims: Record<string, unknown>; oid: string }> {
  const { options } = ctx;
  const { claims } = await verifyGostJwt(idToken, ESIA_TOKEN_ALG, options.esiaCertificates, ctx.signer);
  const oid = checkEsiaIdTokenClaims(claims, {
    issuer: options.issuer,
    clientId: options.clientId,
    nowSeconds: Math.floor(ctx.now().getTime() / 1000),
    toleranceSeconds: CLOCK_TOLERANCE_S,
    maxAgeSeconds: ID_TOKEN_MAX_AGE_S,
  });
  return { claims, oid };
}

function toPerson(options: EsiaOptions, logger: Logger, claims: Record<string, unknown>) {
  try {
    const { person, issues } = mapClaimsWithIssues(claims, options.claims, options.issuer);
    if (issues.length > 0) logger.warn({ event: 'provider.claims_unusable', issues }, 'provider.claims_unusable');
    logger.info({ event: 'provider.login_verified', issuer: options.issuer }, 'provider.login_verified');
    return person;
  } catch (err) {
    if (err instanceof BridgeError && err.code === IncompleteProviderData.code) {
      logger.warn({ event: 'provider.claims_incomplete', stage: 'claims', reason: 'subject_missing' }, 'provider.claims_incomplete');
      throw err;
    }
    throw refuseEsia(logger, 'person', err);
  }
}
