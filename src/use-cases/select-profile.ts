// Step 5: after the code the person confirms a candidate ("это мой профиль") or
// declines them all ("это не мой профиль", which leads to the review of a new
// profile); in review, they confirm the new profile prefilled from the provider.
// A decline may also come before the code when the code goes to a contact the
// provider did not verify for the person (they cannot read it if it is not theirs).
// Confirming moves the login to `completing` and finishes it.

import { CandidateNotOffered, InvalidTransition } from '../domain/errors.js';
import { currentStatus, mayDeclineBeforeCode, type LoginRecord } from '../domain/login.js';
import { reviewAfterDecline } from '../domain/rules.js';
import { assertClaimed, loginOf } from './client-login.js';
import { startCompletion } from './completion.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export type Selection = { confirm: true } | { profileId: string } | { notMine: true };

export async function selectProfile(deps: FlowDeps, client: ClientRef, id: string, selection: Selection): Promise<LoginRecord> {
  const login = await loginOf(deps, client, id);
  assertClaimed(login);
  if ('notMine' in selection) return decline(deps, login);
  if ('confirm' in selection) {
    const amr = login.otp?.verified ? ['esia', 'otp'] : ['esia'];
    return startCompletion(deps, id, ['profile_review'], { kind: 'new', amr });
  }
  const status = currentStatus(login, deps.clock());
  if (status !== 'choose_profile') throw InvalidTransition({ login_status: status });
  if (!login.candidates.some((c) => c.id === selection.profileId)) throw CandidateNotOffered();
  return startCompletion(deps, id, ['choose_profile'], { kind: 'existing', profileId: selection.profileId, amr: ['esia', 'otp'] });
}

async function decline(deps: FlowDeps, seen: LoginRecord): Promise<LoginRecord> {
  const id = seen.id;
  const { login } = await deps.logins.change(id, (current) => {
    const status = currentStatus(current, deps.clock());
    const declinable = status === 'choose_profile' || (status === 'otp_required' && mayDeclineBeforeCode(current));
    if (!declinable) throw InvalidTransition({ login_status: status });
    const review = reviewAfterDecline(current.prefill, current.newContact);
    const next: LoginRecord = 'error' in review
      ? { ...current, status: 'rejected', error: review.error.code, candidates: [] }
      : { ...current, status: 'profile_review', prefill: review.prefill, newContact: review.contact, candidates: [] };
    return { next, outcome: null };
  }, seen);
  await deps.audit.record({ event: 'login.candidates_declined', outcome: login.error ?? login.status, clientId: login.clientId, loginId: id });
  return login;
}
