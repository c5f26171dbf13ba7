// Step 1: a client backend starts a login. The return URL must be one the client
// registered, exactly. PKCE verifier, state and nonce are fresh, kept server-side
// under the state (taken once by the callback). The provider's URL is built when the
// person's browser opens our `authorize` link (which ties the callback to that
// browser); start only makes sure the provider is ready, so that an unreachable one
// fails the start. (Building the URL here too cost a PKCE hash and, with ESIA, a
// GOST signature thrown away; keeping it would double what Redis holds per login.)

import { randomUUID } from 'node:crypto';
import { ReturnUrlNotAllowed, type Locale } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { authorizationKey, encodePending, type PendingAuthorization } from './pending-authorization.js';
import { randomToken } from './secrets.js';

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
  };
  await deps.provider.ready();
  const login = newLogin(pending, input, { clientId: client.id, provider: deps.provider.issuer, state, now, ttlMs });
  // Both at once: one round trip to the store, not two. Should either fail, the start
  // fails; what the other wrote is unreachable (a state no provider was sent, a login
  // whose state is lost) and expires with its TTL.
  await Promise.all([deps.store.set(authorizationKey(state), encodePending(pending), ttlMs), deps.logins.create(login)]);
  await deps.audit.record({ event: 'login.started', outcome: 'ok', clientId: client.id, loginId: login.id });
  const authorizationUrl = `${deps.config.publicUrl}/v1/logins/${login.id}/authorize`;
  return { id: login.id, status: login.status, authorization_url: authorizationUrl, expires_at: login.expiresAt };
}

interface Origin {
  clientId: string;
  provider: string;
  state: string;
  now: Date;
  ttlMs: number;
}

function newLogin(pending: PendingAuthorization, input: StartLoginInput, { clientId, provider, state, now, ttlMs }: Origin): LoginRecord {
  return {
    id: pending.loginId,
    clientId,
    status: 'awaiting_provider',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    returnTo: input.returnTo,
    locale: input.locale ?? 'ru',
    clientState: input.clientState ?? null,
    provider,
    state,
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
