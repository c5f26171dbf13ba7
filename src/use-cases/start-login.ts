// Step 1: a client backend starts a login. The return URL must be one the client
// registered, exactly. PKCE verifier, state and nonce are fresh, kept server-side
// under the state (taken once by the callback). The provider's URL is built now,
// so that an unreachable provider fails the start, but the person's browser goes
// to our `authorize` link first, which ties the callback to that browser.

import { randomUUID } from 'node:crypto';
import { ReturnUrlNotAllowed, type Locale } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { authorizationKey, type PendingAuthorization } from './pending-authorization.js';
import { pkceChallenge, randomToken } from './secrets.js';

export interface StartLoginInput {
  returnTo: string;
  locale?: Locale;
  clientState?: string;
}

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
  const providerUrl = await deps.provider.authorizationUrl({
    state,
    nonce: pending.nonce,
    codeChallenge: pkceChallenge(pending.codeVerifier),
    locale: input.locale ?? 'ru',
    log: deps.logger,
  });
  const login = newLogin(pending, client.id, input, now, ttlMs, providerUrl.href);
  await deps.store.set(authorizationKey(state), JSON.stringify(pending), ttlMs);
  await deps.logins.create(login);
  await deps.audit.record({ event: 'login.started', outcome: 'ok', clientId: client.id, loginId: login.id });
  const authorizationUrl = `${deps.config.publicUrl}/v1/logins/${login.id}/authorize`;
  return { id: login.id, status: login.status, authorization_url: authorizationUrl, expires_at: login.expiresAt };
}

function newLogin(
  pending: PendingAuthorization,
  clientId: string,
  input: StartLoginInput,
  now: Date,
  ttlMs: number,
  providerUrl: string,
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
    providerUrl,
    binderHash: null,
    claimed: false,
    handoffHash: null,
    providerPerson: null,
    person: null,
    ageGroup: null,
    linkedProfileId: null,
    candidates: [],
    prefill: null,
    newContact: null,
    otp: null,
    completion: null,
    result: null,
    error: null,
  };
}
