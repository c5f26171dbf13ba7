// Step 3: the client proves the person's browser came back to it by presenting the
// handoff from the redirect. The handoff is single-use; before the claim nothing
// about the person is shown, so a login cannot be finished in someone else's
// session. Claiming an `otp_required` login sends the first code.

import { BridgeError, InvalidHandoff } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import { loginOf } from './client-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { sameHash, tokenHash } from './secrets.js';
import { deliver } from './send-code.js';

export async function claimLogin(deps: FlowDeps, client: ClientRef, id: string, handoff: string): Promise<LoginRecord> {
  await loginOf(deps, client, id);
  const presented = tokenHash(handoff);
  const { login } = await deps.logins.change(id, (current) => {
    if (current.claimed || !current.handoffHash || !sameHash(current.handoffHash, presented)) throw InvalidHandoff();
    return { next: { ...current, claimed: true, handoffHash: null }, outcome: null };
  });
  await deps.audit({ event: 'login.claimed', outcome: login.status, clientId: client.id, loginId: id });
  if (login.status !== 'otp_required') return login;
  // The claim stands even when a send limit refuses the first code: the client
  // sees no delivery and may ask for the code again later.
  return deliver(deps, login).catch((err: unknown) => {
    if (err instanceof BridgeError && err.status === 429) return login;
    throw err;
  });
}
