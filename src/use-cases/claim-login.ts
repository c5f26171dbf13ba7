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
import { finishLogin } from './completion.js';
import { decideLogin } from './decide-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { deliver } from './issue-code.js';
import { sameHash, tokenHash } from './secrets.js';

export async function claimLogin(deps: FlowDeps, client: ClientRef, id: string, handoff: string): Promise<LoginRecord> {
  const presented = tokenHash(handoff);
  const seen = await loginOf(deps, client, id);
  assertHandoff(seen, presented);
  const ready = await progress(deps, await decideLogin(deps, seen));
  const { login, outcome: first } = await deps.logins.change(
    id,
    (current) => {
      assertHandoff(current, presented);
      return { next: { ...current, claimed: true, handoffHash: null }, outcome: !current.claimed };
    },
    ready,
  );
  if (first) await deps.audit.record({ event: 'login.claimed', outcome: login.status, clientId: client.id, loginId: id });
  return login;
}

function assertHandoff(login: LoginRecord, presented: string): void {
  if (!login.handoffHash || !sameHash(login.handoffHash, presented)) throw InvalidHandoff();
}

/** What the callback could not do: the first code, or the completion. */
async function progress(deps: FlowDeps, login: LoginRecord): Promise<LoginRecord> {
  const status = currentStatus(login, deps.clock());
  if (status === 'completing') return finishLogin(deps, login);
  if (status === 'otp_required' && login.otp?.sends === 0) return deliver(deps, login);
  return login;
}
