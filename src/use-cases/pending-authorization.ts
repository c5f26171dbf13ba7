// What the callback needs to finish the provider exchange, kept under the state
// until the callback takes it (once). Start writes it; the callback reads it.

import type { Locale } from '../domain/errors.js';
import { storeKey } from '../ports/session-store.js';
import type { FlowDeps } from './flow-deps.js';
import { pkceChallenge } from './secrets.js';

export interface PendingAuthorization {
  loginId: string;
  nonce: string;
  codeVerifier: string;
}

// Kept as three space-separated tokens (a UUID and two base64url values), not JSON:
// this is one of the two keys every pending login holds in Redis.
export const encodePending = (p: PendingAuthorization): string => `${p.loginId} ${p.nonce} ${p.codeVerifier}`;

export function decodePending(raw: string): PendingAuthorization | null {
  const [loginId, nonce, codeVerifier, ...rest] = raw.split(' ');
  return loginId && nonce && codeVerifier && rest.length === 0 ? { loginId, nonce, codeVerifier } : null;
}

export const authorizationKey = (state: string) => storeKey('auth', state);

/** The cookie that ties a login's callback to the browser that opened its authorize link. */
export const binderCookieName = (loginId: string) => `esia-bridge-${loginId}`;

/** The provider's authorization URL for a pending authorization. */
export function providerUrlFor(deps: Pick<FlowDeps, 'provider' | 'logger'>, state: string, pending: PendingAuthorization, locale: Locale): Promise<URL> {
  const codeChallenge = pkceChallenge(pending.codeVerifier);
  return deps.provider.authorizationUrl({ state, nonce: pending.nonce, codeChallenge, locale, log: deps.logger });
}
