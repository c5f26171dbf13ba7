// The OpenID provider as the login flow needs it. The adapter (openid-client) does
// discovery, PKCE, token exchange and every ID token check behind this interface.

import type { Logger } from 'pino';
import type { Locale } from '../domain/errors.js';
import type { Person } from '../domain/person.js';

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeChallenge: string;
  locale: Locale;
  /** The serving request's logger (request and login ids bound), for what the adapter logs. */
  log?: Logger;
}

export interface ExpectedCallback {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The serving request's logger (request and login ids bound), for what the adapter logs. */
  log?: Logger;
}

export interface IdentityProvider {
  /** The issuer identifier; links and audit events name the provider by it. */
  readonly issuer: string;
  /**
   * Loads what a login needs unless it is loaded (discovery and keys; ESIA: the
   * certificate's hash); rejects ProviderUnavailable or ProviderError.
   */
  ready(): Promise<void>;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** Throws ConsentDenied, ProviderUnavailable or ProviderError. */
  completeLogin(callbackUrl: URL, expected: ExpectedCallback): Promise<{ person: Person }>;
  /** Resolves once discovery and keys are loaded; for /readyz. */
  check(): Promise<void>;
}
