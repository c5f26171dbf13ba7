// Step 3: the client proves the person's browser came back to it by presenting the
// handoff from the redirect. Before the claim nothing about the person is shown, so
// a login cannot be finished in someone else's session. The claim finishes what the
// callback left: a decision that failed, the first code, or (a linked person with
// no code asked) the completion. The handoff is used up only when all of that has
// succeeded, so a claim that failed half-way (an outage, the hourly send limit) can
// be repeated with the same handoff; once it succeeds, the handoff is gone.

import { InvalidHandoff } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { loginOf } from './client-login.js';
import { finish, type AlsoOnCompletion } from './completion.js';
import { decideLogin } from './decide-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { deliver } from './issue-code.js';
import { sameHash, tokenHash } from './secrets.js';

export async function claimLogin(deps: FlowDeps, client: ClientRef, id: string, handoff: string): Promise<LoginRecord> {
  const presented = tokenHash(handoff);
  const seen = await loginOf(deps, client, id);
  assertHandoff(seen, presented);
  const claim = (next: LoginRecord, current: LoginRecord): LoginRecord => {
    assertHandoff(current, presented);
    return { ...next, claimed: true, handoffHash: null };
  };
  const ready = await progress(deps, await decideLogin(deps, seen), claim);
  const login = ready.claimedHere
    ? ready.login
    : (await deps.logins.change(id, (current) => ({ next: claim(current, current), outcome: null }), ready.login)).login;
  await deps.audit.record({ event: 'login.claimed', outcome: login.status, clientId: client.id, loginId: id });
  return login;
}

function assertHandoff(login: LoginRecord, presented: string): void {
  if (!login.handoffHash || !sameHash(login.handoffHash, presented)) throw InvalidHandoff();
}

/**
 * What the callback could not do: the first code, or the completion. A completion
 * stores the claim with it (one write instead of two); `claimedHere` says it did.
 */
async function progress(deps: FlowDeps, login: LoginRecord, claim: AlsoOnCompletion): Promise<{ login: LoginRecord; claimedHere: boolean }> {
  const status = currentStatus(login, deps.clock());
  if (status === 'completing') {
    const { login: done, completedHere } = await finish(deps, login, claim);
    return { login: done, claimedHere: completedHere };
  }
  if (status === 'otp_required' && login.otp?.sends === 0) return { login: await deliver(deps, login), claimedHere: false };
  return { login, claimedHere: false };
}
