// What the callback needs to finish the provider exchange, kept under the state
// until the callback takes it (once). Start writes it; the callback reads it.

import { storeKey } from '../ports/session-store.js';

export interface PendingAuthorization {
  loginId: string;
  nonce: string;
  codeVerifier: string;
  issuer: string;
}

export const authorizationKey = (state: string) => storeKey('auth', state);

/** The cookie that ties a login's callback to the browser that opened its authorize link. */
export const binderCookieName = (loginId: string) => `esia-bridge-${loginId}`;
