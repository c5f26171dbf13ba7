// The provider's discovery document and JWKS, as the bridge's OpenID Connect relying
// party (provider-client.ts) loads and keeps them.
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
//     not refetched and the login is refused (ProviderError). That 60 s
//     is the rate limit: unknown kids can never make us hammer jwks_uri.
// So a provider that publishes a new key before signing with it (the usual way)
// is picked up within 5 minutes without a failure; one that signs with a brand-new
// key immediately fails logins for at most 60 s after our last fetch.
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import type { ProviderCall, ProviderMetrics } from '../../observability/metrics.js';
import { observedFetch, oidcCalls } from '../../observability/provider-calls.js';
import { importClientKey } from './client-key.js';
import { ProviderCheckFailed } from './provider-failures.js';
import type { ProviderOptions } from './provider-options.js';
import { refuse } from './provider-refusal.js';

export interface DiscoveryRetryOptions {
  /** First background retry after a failed load; default 1000. */
  initialDelayMs?: number;
  /** Backoff ceiling; default 60000. */
  maxDelayMs?: number;
}

export interface DiscoveryDeps {
  logger: Logger;
  /** fetch used for every request to the provider. */
  fetch: typeof fetch;
  retry?: DiscoveryRetryOptions;
  /** Counts and times every request to the provider, by call. */
  metrics?: ProviderMetrics;
}

/** A successful load: the configuration every request uses, and what the callback checks need. */
export interface LoadedDiscovery {
  config: oidc.Configuration;
  /** As discovery spells it: `iss` in the callback and in the ID token must equal this. */
  issuer: string;
  issParameterRequired: boolean;
  hasUserinfo: boolean;
}

export interface Discovery {
  /** The loaded discovery, or one load attempt now (joining one in progress, replacing a scheduled retry). */
  load(): Promise<LoadedDiscovery>;
  /** The loaded discovery, if any; never touches the network. */
  loaded(): LoadedDiscovery | undefined;
  /** Stops background retries. */
  close(): void;
}

export function createDiscovery(options: ProviderOptions, deps: DiscoveryDeps): Discovery {
  const logger = deps.logger;
  const initialDelayMs = deps.retry?.initialDelayMs ?? 1_000;
  const maxDelayMs = deps.retry?.maxDelayMs ?? 60_000;
  const endpoints = new Map<string, ProviderCall>();
  const context: LoadContext = {
    logger,
    algs: [...options.idTokenAlgs],
    endpoints,
    timedFetch: deadlineFetch(observedFetch(deps.fetch, deps.metrics, oidcCalls(endpoints)), options.timeoutMs),
    // openid-client's discovery call has a timeout of its own, in whole seconds; ours
    // (timedFetch) is exact and shorter, so theirs never fires first. The login's
    // requests have ours alone (config.timeout = 0 in loadOnce).
    librarySeconds: Math.ceil(options.timeoutMs / 1000) + 1,
  };

  let loaded: LoadedDiscovery | undefined;
  let loading: Promise<LoadedDiscovery> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

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

  function attempt(): Promise<LoadedDiscovery> {
    if (loaded) return Promise.resolve(loaded);
    if (loading) return loading;
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    loading = loadOnce(options, context).then(
      (result) => {
        loaded = result;
        failures = 0;
        logger.info({ event: 'provider.discovery_loaded', issuer: result.issuer }, 'provider.discovery_loaded');
        return result;
      },
      (err: unknown) => {
        failures += 1;
        const error = refuse(logger, 'discovery', err);
        scheduleRetry();
        throw error;
      },
    );
    loading.finally(() => (loading = undefined)).catch(() => undefined);
    return loading;
  }

  return {
    load: attempt,
    loaded: () => loaded,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** What one load needs besides the options; the same for every load. */
interface LoadContext {
  logger: Logger;
  /** The pinned ID token algorithms. */
  algs: string[];
  /** Which call each endpoint is, once discovery names them (for the metrics). */
  endpoints: Map<string, ProviderCall>;
  timedFetch: oidc.CustomFetch;
  librarySeconds: number;
}

// Every request to the provider goes through here: one exact deadline per request.
function deadlineFetch(baseFetch: typeof fetch, timeoutMs: number): oidc.CustomFetch {
  return (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return baseFetch(url, { ...(init as RequestInit), signal });
  };
}

async function loadOnce(options: ProviderOptions, context: LoadContext): Promise<LoadedDiscovery> {
  const { logger, algs, endpoints, timedFetch, librarySeconds } = context;
  const execute = options.allowHttp ? [oidc.allowInsecureRequests] : [];
  const discovered = await oidc.discovery(new URL(options.issuer), options.clientId, undefined, undefined, {
    execute,
    timeout: librarySeconds,
    [oidc.customFetch]: timedFetch,
  });
  const server = discovered.serverMetadata();
  for (const [call, url] of [['token', server.token_endpoint], ['userinfo', server.userinfo_endpoint], ['jwks', server.jwks_uri]] as const) {
    if (typeof url === 'string') endpoints.set(url, call);
  }
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
  // No timeout of openid-client's own on the login's requests (0: it passes no signal):
  // timedFetch's deadline is the one every request has, and two more AbortSignals per
  // request, one of them combining the others, cost a tenth of a millisecond per login.
  config.timeout = 0;
  oidc.enableNonRepudiationChecks(config);
  const jwks = await fetchJwks(timedFetch, server.jwks_uri!);
  oidc.setJwksCache(config, { jwks, uat: Math.floor(Date.now() / 1000) });
  return {
    config,
    issuer: server.issuer,
    issParameterRequired: server.authorization_response_iss_parameter_supported === true,
    hasUserinfo: typeof server.userinfo_endpoint === 'string',
  };
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

async function fetchJwks(timedFetch: oidc.CustomFetch, jwksUri: string): Promise<oidc.JWKS> {
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
