// Step 1: a client backend starts a login. The return URL must be one the client
// registered, exactly. PKCE verifier, state and nonce are fresh, kept server-side
// under the state (taken once by the callback), and the person is sent straight to
// the provider.

import { randomUUID } from 'node:crypto';
import { ReturnUrlNotAllowed, type Locale } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import { storeKey } from '../ports/session-store.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { pkceChallenge, randomToken } from './secrets.js';

export interface StartLoginInput {
  returnTo: string;
  locale?: Locale;
  clientState?: string;
}

/** What the callback needs to finish the provider exchange; stored under the state. */
export interface PendingAuthorization {
  loginId: string;
  nonce: string;
  codeVerifier: string;
  issuer: string;
}

export const authorizationKey = (state: string) => storeKey('auth', state);

export async function startLogin(deps: FlowDeps, client: ClientRef, input: StartLoginInput) {
  if (!client.returnUrls.includes(input.returnTo)) throw ReturnUrlNotAllowed();
  const now = deps.clock();
  const ttlMs = deps.config.login.ttlSeconds * 1000;
  // A UUID (122 random bits): ESIA accepts no other form of state.
  const state = randomUUID();
  const pending: PendingAuthorization = {
    loginId: randomUUID(),
    nonce: randomToken(),
    codeVerifier: randomToken(),
    issuer: deps.provider.issuer,
  };
  const login = newLogin(pending, client.id, input, now, ttlMs);
  const authorizationUrl = await deps.provider.authorizationUrl({
    state,
    nonce: pending.nonce,
    codeChallenge: pkceChallenge(pending.codeVerifier),
    locale: login.locale,
  });
  await deps.store.set(authorizationKey(state), JSON.stringify(pending), ttlMs);
  await deps.logins.create(login);
  await deps.audit({ event: 'login.started', outcome: 'ok', clientId: client.id, loginId: login.id });
  return { id: login.id, status: login.status, authorization_url: authorizationUrl.href, expires_at: login.expiresAt };
}

function newLogin(
  pending: PendingAuthorization,
  clientId: string,
  input: StartLoginInput,
  now: Date,
  ttlMs: number,
): LoginRecord {
  return {
    id: pending.loginId,
    clientId,
    status: 'awaiting_provider',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    returnTo: input.returnTo,
    locale: input.locale ?? 'ru',
    clientState: input.clientState ?? null,
    provider: pending.issuer,
    claimed: false,
    handoffHash: null,
    person: null,
    ageGroup: null,
    candidates: [],
    prefill: null,
    newContact: null,
    otp: null,
    result: null,
    error: null,
  };
}
