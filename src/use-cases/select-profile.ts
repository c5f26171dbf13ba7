// Step 5: the person either confirms the new profile prefilled from the provider
// (`profile_review`) or picks one of several candidates after the code
// (`choose_profile`). Either way the login completes with a signed result.

import { CandidateNotOffered, InvalidTransition } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { assertClaimed, loginOf } from './client-login.js';
import { completeLogin } from './complete-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export type Selection = { confirm: true } | { profileId: string };

export async function selectProfile(deps: FlowDeps, client: ClientRef, id: string, selection: Selection): Promise<LoginRecord> {
  const login = await loginOf(deps, client, id);
  assertClaimed(login);
  const status = currentStatus(login, deps.clock());
  if ('confirm' in selection) {
    if (status !== 'profile_review') throw InvalidTransition({ login_status: status });
    return completeLogin(deps, login, ['profile_review'], { kind: 'new' }, ['esia']);
  }
  if (status !== 'choose_profile') throw InvalidTransition({ login_status: status });
  if (!login.candidates.some((c) => c.id === selection.profileId)) throw CandidateNotOffered();
  return completeLogin(deps, login, ['choose_profile'], { kind: 'existing', profileId: selection.profileId }, ['esia', 'otp']);
}
