// Step 1½: the person's browser opens the `authorization_url` the client got. The
// link works once: it hands out the provider's URL and a random binder that the
// route sets as a cookie; only its hash is kept. The callback then refuses a
// browser without that cookie, so a callback URL stolen from (or planted by)
// someone else cannot finish a login in another browser (login CSRF).

import { InvalidState, LoginNotFound } from '../domain/errors.js';
import { currentStatus } from '../domain/login.js';
import type { FlowDeps } from './flow-deps.js';
import { authorizationKey, decodePending, providerUrlFor } from './pending-authorization.js';
import { randomToken, tokenHash } from './secrets.js';

export interface Authorization {
  providerUrl: string;
  binder: string;
  /** Until when the binder is worth keeping. */
  expiresAt: Date;
}

export async function authorizeLogin(deps: FlowDeps, id: string): Promise<Authorization> {
  const binder = randomToken();
  const seen = await deps.logins.find(id);
  if (!seen) throw LoginNotFound();
  // The pending authorization is read beside the change, in the same round trip: a
  // login's state is set once at the start and only ever cleared, so the state the
  // change takes is the one read here.
  const [{ login, outcome: state }, raw] = await Promise.all([
    deps.logins.change(id, (current) => {
      const { state } = current;
      if (currentStatus(current, deps.clock()) !== 'awaiting_provider' || !state) throw InvalidState();
      return { next: { ...current, state: null, binderHash: tokenHash(binder) }, outcome: state };
    }, seen),
    seen.state ? deps.store.get(authorizationKey(seen.state)) : null,
  ]);
  const pending = decodePending(raw ?? '');
  if (!pending) throw InvalidState();
  const providerUrl = await providerUrlFor(deps, state, pending, login.locale);
  return { providerUrl: providerUrl.href, binder, expiresAt: new Date(login.expiresAt) };
}
