// The bridge's OpenID Connect relying party for one provider (ESIA or any OP that
// speaks plain OIDC), built on openid-client v6.
//
// Discovery, JWKS and key rotation: discovery.ts. Who checks what in a login:
// code-exchange.ts.
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import { ProviderUnavailable } from '../../domain/errors.js';
import type { ProviderMetrics } from '../../observability/metrics.js';
import { completeLogin, type CompletedLogin, type ExpectedLogin, type LoginContext } from './code-exchange.js';
import { createDiscovery, type DiscoveryRetryOptions } from './discovery.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';
import type { ProviderOptions } from './provider-options.js';

export interface ProviderClientDeps {
  logger: Logger;
  /** Clock for our own ID token time checks (openid-client's use Date.now); default Date.now. */
  now?: () => Date;
  /** fetch used for every request to the provider (tests count requests with it); default nodeHttpFetch. */
  fetch?: typeof fetch;
  retry?: DiscoveryRetryOptions;
  /** Counts and times every request to the provider, by call. */
  metrics?: ProviderMetrics;
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

export interface ProviderClient {
  /**
   * The configured issuer. Person.provider and CompletedLogin.issuer are this exact
   * string, so links and audit records name the provider the same way everywhere.
   * Discovery must state the same issuer (openid-client compares them as URLs, so a
   * trailing "/" may differ; `iss` in the callback and the ID token must equal the
   * discovered spelling).
   */
  readonly configuredIssuer: string;
  /** Loads discovery and JWKS if not loaded yet (one attempt); rejects ProviderUnavailable/ProviderError. */
  ready(): Promise<void>;
  isReady(): boolean;
  /** For /readyz: resolves when loaded, rejects ProviderUnavailable otherwise. Never touches the network. */
  check(): Promise<void>;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  completeLogin(callbackUrl: URL, expected: ExpectedLogin): Promise<CompletedLogin>;
  /** Stops background retries. */
  close(): void;
}

function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
}

export function createProviderClient(options: ProviderOptions, deps: ProviderClientDeps): ProviderClient {
  const logger = deps.logger;
  const login: LoginContext = {
    options,
    algs: [...options.idTokenAlgs],
    logger,
    // Date.now, like openid-client's own time checks, so that both read the same clock.
    now: deps.now ?? (() => new Date(Date.now())),
  };
  const discovery = createDiscovery(options, { logger, fetch: deps.fetch ?? nodeHttpFetch(), retry: deps.retry, metrics: deps.metrics });
  // A background load: creating the client never waits for the provider.
  discovery.load().catch(() => undefined);

  return {
    configuredIssuer: options.issuer,
    async ready() {
      await discovery.load();
    },
    isReady: () => discovery.loaded() !== undefined,
    async check() {
      // No load from here: probes come often and would defeat the backoff; the
      // background retries and logins (on demand) do the loading.
      if (!discovery.loaded()) throw ProviderUnavailable();
    },
    async authorizationUrl(request) {
      requireString('state', request.state);
      requireString('nonce', request.nonce);
      requireString('codeChallenge', request.codeChallenge);
      const { config } = await discovery.load();
      return oidc.buildAuthorizationUrl(config, authorizationParameters(options, request));
    },
    async completeLogin(callbackUrl, expected) {
      if (!(callbackUrl instanceof URL)) throw new TypeError('callbackUrl must be a URL');
      requireString('expected.state', expected.state);
      requireString('expected.nonce', expected.nonce);
      requireString('expected.codeVerifier', expected.codeVerifier);
      const context = expected.log ? { ...login, logger: expected.log } : login;
      return completeLogin(context, await discovery.load(), callbackUrl, expected);
    },
    close: () => discovery.close(),
  };
}

function authorizationParameters(options: ProviderOptions, request: AuthorizationRequest): Record<string, string> {
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
  return parameters;
}
