// The last step shared by every path: link (or create) the profile in one
// transaction, sign the assertion for the client, and mark the login completed.

import { createLinkedProfile, linkExistingProfile, ProfileTaken, type LinkOutcome } from '../adapters/postgres/profile-linking.js';
import { CandidateNotOffered, InvalidTransition } from '../domain/errors.js';
import type { LoginRecord, LoginResult } from '../domain/login.js';
import type { LoginStatus } from '../domain/login-status.js';
import { currentStatus } from '../domain/login.js';
import type { FlowDeps } from './flow-deps.js';

export type Completion = { kind: 'existing'; profileId: string } | { kind: 'new' };

export async function linkFor(deps: FlowDeps, login: LoginRecord, completion: Completion): Promise<LinkOutcome> {
  const person = login.person;
  if (!person) throw CandidateNotOffered();
  if (completion.kind === 'new') {
    const prefill = login.prefill;
    if (!prefill || !login.newContact) throw CandidateNotOffered();
    return createLinkedProfile(deps.pool, login.provider, person.subject, {
      ...prefill,
      phone: login.newContact.phone,
      email: login.newContact.email,
    });
  }
  try {
    const outcome = await linkExistingProfile(deps.pool, login.provider, person.subject, completion.profileId);
    if (!outcome) throw CandidateNotOffered();
    return outcome;
  } catch (err) {
    if (err instanceof ProfileTaken) throw CandidateNotOffered();
    throw err;
  }
}

export async function resultFor(deps: FlowDeps, login: LoginRecord, link: LinkOutcome, amr: string[]): Promise<LoginResult> {
  const assertion = await deps.signer.issue({
    audience: login.clientId,
    profile: link.profile,
    amr,
    ageGroup: login.ageGroup ?? 'adult',
    now: deps.clock(),
  });
  await deps.audit({
    event: link.created ? 'profile.created' : link.linked ? 'profile.linked' : 'profile.signed_in',
    outcome: 'ok',
    clientId: login.clientId,
    loginId: login.id,
    profileId: link.profile.id,
    details: { amr },
  });
  return { profileId: link.profile.id, created: link.created, linked: link.linked, assertion };
}

/** Links, signs, and stores the completed login (from one of `from`). */
export async function completeLogin(
  deps: FlowDeps,
  login: LoginRecord,
  from: LoginStatus[],
  completion: Completion,
  amr: string[],
): Promise<LoginRecord> {
  const result = await resultFor(deps, login, await linkFor(deps, login, completion), amr);
  const { login: done } = await deps.logins.change(login.id, (current) => {
    const status = currentStatus(current, deps.clock());
    if (!from.includes(status)) throw InvalidTransition({ login_status: status });
    return { next: { ...current, status: 'completed', result, otp: null }, outcome: null };
  });
  return done;
}
