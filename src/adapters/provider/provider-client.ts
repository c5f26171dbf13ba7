// The bridge's OpenID Connect relying party for one provider (ESIA or any OP that
// speaks plain OIDC), built on openid-client v6.
//
// Discovery and JWKS. Both are loaded once and cached for the life of the process.
// createProviderClient never waits for the provider: it starts a background load
// and returns. A failed load is retried in the background with exponential
// backoff (unref'd timers, so they never keep the process alive) and on demand by
// ready()/authorizationUrl()/completeLogin() (one load at a time; an on-demand
// load replaces the pending background one). check() — for /readyz — rejects until
// both are loaded and never touches the network.
//
// Key rotation. The JWKS fetched at load time seeds openid-client's per-
// configuration cache (setJwksCache). From then on oauth4webapi (openid-client's
// engine, build/index.js getPublicSigKeyFromIssuerJwksUri) owns it:
//   - the cached key set is used for at most 300 s, then refetched on the next
//     verification;
//   - an ID token whose `kid` (or kty/alg) matches no cached key triggers ONE
//     refetch, but only if the cached set is at least 60 s old; a younger set is
//     not refetched and the login is refused (ProviderResponseInvalid). That 60 s
//     is the rate limit: unknown kids can never make us hammer jwks_uri.
// So a provider that publishes a new key before signing with it (the usual way)
// is picked up within 5 minutes without a failure; one that signs with a brand-new
// key immediately fails logins for at most 60 s after our last fetch.
//
// Who checks what in completeLogin (in this order; nothing after a failed step runs):
//   1. callback (ours, then openid-client's validateAuthResponse again): single-
//      valued parameters; RFC 9207 `iss` equals the issuer (required when discovery
//      advertises authorization_response_iss_parameter_supported); `state` equals
//      the expected one; only then `error` (access_denied → ConsentDenied, other →
//      ProviderResponseInvalid); a `code` is present. No token request otherwise.
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
// ProviderResponseInvalid; each logged at warn as `provider.*` events with the
// stage and a reason, never tokens, codes, state, nonce or claims.
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import { BridgeError, IncompleteProviderData, ProviderUnavailable } from '../../domain/errors.js';
import type { Person } from '../../domain/person.js';
import { mapClaimsWithIssues } from './claim-mapping.js';
import { importClientKey } from './client-key.js';
import { checkIdTokenClaims, checkIdTokenHeader } from './id-token-checks.js';
import { describeFailure, failureError, ProviderCheckFailed, type Failure } from './provider-failures.js';
import { checkProviderOptions, type ProviderOptions } from './provider-options.js';

/** Same as openid-client's default clock tolerance. */
const CLOCK_TOLERANCE_S = 30;
/** An ID token straight from the token endpoint is seconds old; refuse anything older than this. */
const ID_TOKEN_MAX_AGE_S = 600;

export interface DiscoveryRetryOptions {
  /** First background retry after a failed load; default 1000. */
  initialDelayMs?: number;
  /** Backoff ceiling; default 60000. */
  maxDelayMs?: number;
}

export interface ProviderClientDeps {
  logger: Logger;
  /** Clock for our own ID token time checks (openid-client's use Date.now); default Date.now. */
  now?: () => Date;
  /** fetch used for every request to the provider (tests count requests with it); default global fetch. */
  fetch?: typeof fetch;
  retry?: DiscoveryRetryOptions;
}

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  /** S256 challenge of the login's code verifier. */
  codeChallenge: string;
  /** Sent as ui_locales, e.g. 'ru' or 'en'. */
  locale?: string;
  loginHint?: string;
}

export interface ExpectedLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface CompletedLogin {
  person: Person;
  /** = ProviderClient.configuredIssuer = Person.provider. */
  issuer: string;
}

export interface ProviderClient {
  /**
   * The configured issuer. Person.provider and CompletedLogin.issuer are this exact
   * string, so links and audit records name the provider the same way everywhere.
   * Discovery must state the same issuer (openid-client compares them as URLs, so a
   * trailing "/" may differ; `iss` in the callback and the ID token must equal the
   * discovered spelling).
   */
  readonly configuredIssuer: string;
  /** Loads discovery and JWKS if not loaded yet (one attempt); rejects ProviderUnavailable/ProviderResponseInvalid. */
  ready(): Promise<void>;
  isReady(): boolean;
  /** For /readyz: resolves when loaded, rejects ProviderUnavailable otherwise. Never touches the network. */
  check(): Promise<void>;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  completeLogin(callbackUrl: URL, expected: ExpectedLogin): Promise<CompletedLogin>;
  /** Stops background retries. */
  close(): void;
}

export interface LoginSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

/** Fresh state, nonce and PKCE pair for one login (keep state, nonce and codeVerifier server-side). */
export async function createLoginSecrets(): Promise<LoginSecrets> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
  };
}

interface Loaded {
  config: oidc.Configuration;
  /** As discovery spells it: `iss` in the callback and in the ID token must equal this. */
  issuer: string;
  issParameterRequired: boolean;
  hasUserinfo: boolean;
}

type Stage = 'discovery' | 'callback' | 'token' | 'id_token' | 'userinfo' | 'claims';

/** openid-client checks the callback, the token response and the ID token in one call; say which failed. */
function grantStage(err: unknown): Stage {
  if (err instanceof oidc.AuthorizationResponseError) return 'callback';
  if (err instanceof oidc.ClientError) {
    const detail = err.cause instanceof Error ? err.cause.message : err.message;
    if (/JWT|ID Token|id_token|JWS|signature/i.test(detail) || err.code === 'OAUTH_KEY_SELECTION_FAILED') return 'id_token';
  }
  return 'token';
}

function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
}

async function clientAuthentication(options: ProviderOptions): Promise<oidc.ClientAuth> {
  switch (options.clientAuth) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(options.clientSecret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(options.clientSecret);
    case 'private_key_jwt': {
      const { key, kid } = await importClientKey(options.clientKey ?? '', options.clientKeyId);
      return oidc.PrivateKeyJwt(kid === undefined ? key : { key, kid });
    }
  }
}

export function createProviderClient(options: ProviderOptions, deps: ProviderClientDeps): ProviderClient {
  const problems = checkProviderOptions(options);
  if (problems.length > 0) throw new TypeError(`invalid provider options: ${problems.join('; ')}`);

  const logger = deps.logger;
  // Date.now, like openid-client's own time checks, so that both read the same clock.
  const now = deps.now ?? (() => new Date(Date.now()));
  const baseFetch = deps.fetch ?? globalThis.fetch;
  const initialDelayMs = deps.retry?.initialDelayMs ?? 1_000;
  const maxDelayMs = deps.retry?.maxDelayMs ?? 60_000;
  const algs = [...options.idTokenAlgs];
  // openid-client's own per-request timeout is in whole seconds; ours (below) is exact
  // and shorter, so theirs never fires first.
  const librarySeconds = Math.ceil(options.timeoutMs / 1000) + 1;

  // Every request to the provider goes through here: one exact deadline per request.
  const timedFetch: oidc.CustomFetch = (url, init) => {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return baseFetch(url, { ...(init as RequestInit), signal });
  };

  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  function refuse(stage: Stage, err: unknown): BridgeError {
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

  async function fetchJwks(jwksUri: string): Promise<oidc.JWKS> {
    const response = await timedFetch(jwksUri, {
      method: 'GET',
      headers: { accept: 'application/json, application/jwk-set+json' },
      body: undefined,
      redirect: 'manual',
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new oidc.ClientError('unexpected JWKS response status', { cause: response });
    }
    const body: unknown = await response.json().catch(() => undefined);
    const keys = (body as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys)) throw new ProviderCheckFailed('jwks_invalid', 'the JWKS is not a JSON key set');
    return body as oidc.JWKS;
  }

  async function load(): Promise<Loaded> {
    const execute = options.allowHttp ? [oidc.allowInsecureRequests] : [];
    const discovered = await oidc.discovery(new URL(options.issuer), options.clientId, undefined, undefined, {
      execute,
      timeout: librarySeconds,
      [oidc.customFetch]: timedFetch,
    });
    const server = discovered.serverMetadata();
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof server[endpoint] !== 'string') {
        throw new ProviderCheckFailed('discovery_incomplete', `discovery has no ${endpoint}`);
      }
    }
    const advertised = server.id_token_signing_alg_values_supported;
    if (Array.isArray(advertised) && !advertised.some((alg) => algs.includes(alg))) {
      logger.warn({ event: 'provider.alg_mismatch', advertised, pinned: algs }, 'provider.alg_mismatch');
    }
    // Pin the algorithms: openid-client takes the accepted ID token (and userinfo JWT)
    // algs from this metadata, so discovery must not be the one to decide them.
    const pinned: oidc.ServerMetadata = {
      ...(server as oidc.ServerMetadata),
      id_token_signing_alg_values_supported: [...algs],
      userinfo_signing_alg_values_supported: [...algs],
    };
    const config = new oidc.Configuration(pinned, options.clientId, undefined, await clientAuthentication(options));
    if (options.allowHttp) oidc.allowInsecureRequests(config);
    config[oidc.customFetch] = timedFetch;
    config.timeout = librarySeconds;
    oidc.enableNonRepudiationChecks(config);
    const jwks = await fetchJwks(server.jwks_uri!);
    oidc.setJwksCache(config, { jwks, uat: Math.floor(Date.now() / 1000) });
    return {
      config,
      issuer: server.issuer,
      issParameterRequired: server.authorization_response_iss_parameter_supported === true,
      hasUserinfo: typeof server.userinfo_endpoint === 'string',
    };
  }

  function scheduleRetry(): void {
    if (closed || loaded || timer) return;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(failures - 1, 30));
    const delay = Math.round(base * (0.5 + Math.random() * 0.5));
    logger.debug({ event: 'provider.discovery_retry_scheduled', delayMs: delay, failures }, 'provider.discovery_retry_scheduled');
    timer = setTimeout(() => {
      timer = undefined;
      attempt().catch(() => undefined);
    }, delay);
    timer.unref();
  }

  function attempt(): Promise<Loaded> {
    if (loaded) return Promise.resolve(loaded);
    if (loading) return loading;
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    loading = load().then(
      (result) => {
        loaded = result;
        failures = 0;
        logger.info({ event: 'provider.discovery_loaded', issuer: result.issuer }, 'provider.discovery_loaded');
        return result;
      },
      (err: unknown) => {
        failures += 1;
        const error = refuse('discovery', err);
        scheduleRetry();
        throw error;
      },
    );
    loading.finally(() => (loading = undefined)).catch(() => undefined);
    return loading;
  }

  attempt().catch(() => undefined);

  async function exchange(loadedNow: Loaded, callbackUrl: URL, expected: ExpectedLogin): Promise<CompletedLogin> {
    const { config, issuer } = loadedNow;
    const provider = options.issuer;
    const params = callbackUrl.searchParams;

    // 1. The callback, before anything goes to the provider.
    let stage: Stage = 'callback';
    try {
      for (const name of ['iss', 'state', 'code', 'error']) {
        if (params.getAll(name).length > 1) throw new ProviderCheckFailed('callback_duplicate_parameter', `${name} repeated`);
      }
      const iss = params.get('iss');
      if (iss === null && loadedNow.issParameterRequired) throw new ProviderCheckFailed('iss_missing');
      if (iss !== null && iss !== issuer) throw new ProviderCheckFailed('iss_mismatch');
      const state = params.get('state');
      if (state === null) throw new ProviderCheckFailed('state_missing');
      if (state !== expected.state) throw new ProviderCheckFailed('state_mismatch');
      // The rest (error=, code) is checked by openid-client right below, before it sends anything.
    } catch (err) {
      throw refuse(stage, err);
    }

    // 2. Token exchange with every library check, signature included. The
    // redirect_uri sent is the configured one: the URL handed to openid-client is
    // the configured redirect URI carrying the callback's query.
    const callback = new URL(options.redirectUri);
    callback.search = callbackUrl.search;
    callback.hash = '';
    stage = 'token';
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callback, {
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        pkceCodeVerifier: expected.codeVerifier,
        idTokenExpected: true,
      });
    } catch (err) {
      throw refuse(grantStage(err), err);
    }

    // 3. Our own ID token checks.
    stage = 'id_token';
    let idClaims: Record<string, unknown>;
    try {
      if (typeof tokens.id_token !== 'string') throw new ProviderCheckFailed('id_token_missing');
      checkIdTokenHeader(tokens.id_token, algs);
      const claims = tokens.claims();
      if (!claims) throw new ProviderCheckFailed('id_token_missing');
      checkIdTokenClaims(claims, {
        clientId: options.clientId,
        algs,
        nowSeconds: Math.floor(now().getTime() / 1000),
        toleranceSeconds: CLOCK_TOLERANCE_S,
        maxAgeSeconds: ID_TOKEN_MAX_AGE_S,
      });
      idClaims = { ...claims };
    } catch (err) {
      throw refuse(stage, err);
    }

    // 4. userinfo, only now that the ID token passed everything.
    let userinfo: Record<string, unknown> = {};
    if (loadedNow.hasUserinfo) {
      stage = 'userinfo';
      try {
        userinfo = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub as string)) };
      } catch (err) {
        throw refuse(stage, err);
      }
    }

    // 5. Claims → Person. The signed ID token wins where both carry a claim.
    stage = 'claims';
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
      throw refuse(stage, err);
    }
  }

  return {
    configuredIssuer: options.issuer,
    async ready() {
      await attempt();
    },
    isReady: () => loaded !== undefined,
    async check() {
      // No load from here: probes come often and would defeat the backoff; the
      // background retries and logins (on demand) do the loading.
      if (!loaded) throw ProviderUnavailable();
    },
    async authorizationUrl(request) {
      requireString('state', request.state);
      requireString('nonce', request.nonce);
      requireString('codeChallenge', request.codeChallenge);
      const { config } = await attempt();
      const parameters: Record<string, string> = {
        response_type: 'code',
        redirect_uri: options.redirectUri,
        scope: options.scopes.join(' '),
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      };
      if (request.locale) parameters.ui_locales = request.locale;
      if (request.loginHint) parameters.login_hint = request.loginHint;
      return oidc.buildAuthorizationUrl(config, parameters);
    },
    async completeLogin(callbackUrl, expected) {
      if (!(callbackUrl instanceof URL)) throw new TypeError('callbackUrl must be a URL');
      requireString('expected.state', expected.state);
      requireString('expected.nonce', expected.nonce);
      requireString('expected.codeVerifier', expected.codeVerifier);
      return exchange(await attempt(), callbackUrl, expected);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
