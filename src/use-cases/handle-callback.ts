// Step 2: the provider sends the person's browser back. The callback must come from
// the browser that opened the authorize link (its cookie), else nothing is touched.
// The state is then taken once; the provider adapter checks iss, exchanges the code
// and validates the ID token; the rules decide, and the answer is stored with their
// decision and a single-use handoff in one write. A decision that cannot be made (a
// store outage) does not lose the login: the answer is stored undecided and the
// claim decides. The browser goes back to the client's return URL either way; a
// failure at the provider shows in the claimed login.

import type { Logger } from 'pino';
import { BridgeError, ForeignBrowser, InvalidState } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { assertTransition } from '../domain/login-status.js';
import type { Person } from '../domain/person.js';
import type { ExpectedCallback } from '../ports/identity-provider.js';
import { auditDecision, decisionFor, type Decided } from './decide-login.js';
import type { FlowDeps } from './flow-deps.js';
import { authorizationKey, binderCookieName, decodePending } from './pending-authorization.js';
import { randomToken, sameHash, tokenHash } from './secrets.js';

const PROVIDER_FAILURES = new Set(['consent_denied', 'provider_unavailable', 'provider_error', 'incomplete_provider_data']);

export type CookieReader = (name: string) => string | undefined;

export async function handleCallback(deps: FlowDeps, callbackUrl: URL, cookie: CookieReader): Promise<{ redirectTo: string; loginId: string }> {
  const { state, pending, login } = await pendingFor(deps, callbackUrl, cookie);
  if (!(await deps.store.take(authorizationKey(state)))) throw InvalidState();

  const log = deps.logger.child({ loginId: login.id });
  const answer = await providerAnswer(deps, callbackUrl, { state, ...pending, log });
  const decided = 'person' in answer ? await decisionOrNothing(deps, login, answer.person, log) : null;
  const handoff = randomToken();
  const { login: answered } = await deps.logins.change(login.id, (current) => {
    const status = currentStatus(current, deps.clock());
    if (status !== 'awaiting_provider') throw InvalidState();
    if (decided) assertTransition(status, decided.status);
    const update: Partial<LoginRecord> = 'error' in answer
      ? { status: 'rejected', error: answer.error }
      : (decided ?? { providerPerson: answer.person });
    return { next: { ...current, ...update, handoffHash: tokenHash(handoff) }, outcome: null };
  }, login);
  await deps.audit.record({ event: 'login.callback', outcome: 'error' in answer ? answer.error : 'ok', clientId: login.clientId, loginId: login.id });
  if (decided) await auditDecision(deps, answered);
  const back = new URL(login.returnTo);
  back.searchParams.set('login_id', login.id);
  back.searchParams.set('handoff', handoff);
  return { redirectTo: back.href, loginId: login.id };
}

/** The pending authorization and its login, once the browser has shown the login's cookie. */
async function pendingFor(deps: FlowDeps, callbackUrl: URL, cookie: CookieReader) {
  const state = callbackUrl.searchParams.get('state');
  const pending = state ? decodePending((await deps.store.get(authorizationKey(state))) ?? '') : null;
  if (!state || !pending) throw InvalidState();
  const login = await deps.logins.find(pending.loginId);
  // A login started with another provider (the configuration changed meanwhile) cannot finish here.
  if (!login || currentStatus(login, deps.clock()) !== 'awaiting_provider' || login.provider !== deps.provider.issuer) {
    throw InvalidState();
  }
  const binder = cookie(binderCookieName(login.id));
  if (!binder || !login.binderHash || !sameHash(login.binderHash, tokenHash(binder))) throw ForeignBrowser();
  return { state, pending, login: login as LoginRecord };
}

/** The decision, or null when it cannot be made now (an outage): the login then keeps the answer undecided. */
async function decisionOrNothing(deps: FlowDeps, login: LoginRecord, person: Person, log: Logger): Promise<Decided | null> {
  try {
    return await decisionFor(deps, login, person);
  } catch (err) {
    log.warn({ event: 'login.decision_deferred', err }, 'the decision failed; the claim will retry it');
    return null;
  }
}

async function providerAnswer(
  deps: FlowDeps,
  callbackUrl: URL,
  expected: ExpectedCallback,
): Promise<{ person: Person } | { error: string }> {
  try {
    return await deps.provider.completeLogin(callbackUrl, expected);
  } catch (err) {
    if (err instanceof BridgeError && PROVIDER_FAILURES.has(err.code)) return { error: err.code };
    throw err;
  }
}
