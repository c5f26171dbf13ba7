// Finishing a login, shared by every step that gets there. A login reaches
// `completing` with its decision recorded (an existing profile, or a new one);
// finishing links or creates the profile in one transaction, signs the assertion,
// and only then records `completed`. Each part is idempotent for the login, so a
// finish that failed half-way (an outage) is simply run again: by the step that
// got there, by the claim, or by the client's explicit retry.

import { CandidateNotOffered, InvalidTransition } from '../domain/errors.js';
import { currentStatus, offered, type Completion, type LoginRecord, type LoginResult } from '../domain/login.js';
import type { LinkOutcome } from '../ports/profile-store.js';
import type { FlowDeps } from './flow-deps.js';

/** Moves a login to `completing` with its decision (from the statuses in `from`), then finishes it. */
export async function startCompletion(deps: FlowDeps, id: string, from: string[], completion: Completion): Promise<LoginRecord> {
  const { login } = await deps.logins.change(id, (current) => {
    const status = currentStatus(current, deps.clock());
    if (!from.includes(status)) throw InvalidTransition({ login_status: status });
    return { next: { ...current, status: 'completing', completion }, outcome: null };
  });
  return finishLogin(deps, login);
}

/**
 * Finishes a login in `completing`, as just read or changed by the caller (not read
 * again: the final compare-and-set starts from it, and a copy gone stale meanwhile
 * only repeats parts that are idempotent for the login).
 */
export async function finishLogin(deps: FlowDeps, login: LoginRecord): Promise<LoginRecord> {
  return (await finish(deps, login)).login;
}

/** What a step adds to the completed record, so that it is stored by the same write. */
export type AlsoOnCompletion = (completed: LoginRecord, current: LoginRecord) => LoginRecord;

/**
 * finishLogin, with the caller's own change folded into the final write;
 * `completedHere` says whether that write was this call's (false: the login was
 * already completed, and `also` was not applied).
 */
export async function finish(deps: FlowDeps, login: LoginRecord, also: AlsoOnCompletion = (completed) => completed): Promise<{ login: LoginRecord; completedHere: boolean }> {
  const { id } = login;
  const status = currentStatus(login, deps.clock());
  if (status !== 'completing' || !login.completion) throw InvalidTransition({ login_status: status });
  const link = await linkFor(deps, login, login.completion);
  if (!link) return reject(deps, id);
  const result = await resultFor(deps, login, link, login.completion.amr);
  // The profiles offered were indexed when they were offered; a new one is indexed now.
  if (!offered(login).includes(link.profile.id)) await deps.logins.rememberProfile(link.profile.id, login);
  const { login: done, outcome: completedHere } = await deps.logins.change(
    id,
    (current) => {
      if (current.status === 'completed') return { next: null, outcome: false };
      if (currentStatus(current, deps.clock()) !== 'completing') throw InvalidTransition({ login_status: current.status });
      const completed: LoginRecord = { ...current, status: 'completed', result, completion: null, otp: null, prefill: null, newContact: null };
      return { next: also(completed, current), outcome: true };
    },
    login,
  );
  return { login: done, completedHere };
}

function linkFor(deps: FlowDeps, login: LoginRecord, completion: Completion): Promise<LinkOutcome | null> {
  const person = login.person;
  if (!person) throw CandidateNotOffered();
  const request = { provider: login.provider, subject: person.subject, loginId: login.id, clientId: login.clientId, amr: completion.amr };
  if (completion.kind === 'linked') return deps.profiles.useLink(request, completion.profileId);
  if (completion.kind === 'existing') return deps.profiles.linkExisting(request, completion.profileId);
  const { prefill, newContact } = login;
  if (!prefill || !newContact) throw CandidateNotOffered();
  return deps.profiles.createLinked(request, { ...prefill, phone: newContact.phone, email: newContact.email });
}

// The profile chosen was erased or linked to someone else after it was offered, or
// the link a linked subject came with was removed meanwhile.
async function reject(deps: FlowDeps, id: string): Promise<never> {
  await deps.logins.change(id, (current) =>
    current.status === 'completing'
      ? { next: { ...current, status: 'rejected', error: CandidateNotOffered.code, completion: null }, outcome: null }
      : { next: null, outcome: null },
  );
  throw CandidateNotOffered();
}

// The link's audit event was written with the link, in its transaction.
async function resultFor(deps: FlowDeps, login: LoginRecord, link: LinkOutcome, amr: string[]): Promise<LoginResult> {
  const assertion = await deps.signer.issue({
    audience: login.clientId,
    profile: link.profile,
    verified: { provider: login.provider, ...(login.person as NonNullable<LoginRecord['person']>) },
    amr,
    ageGroup: login.ageGroup ?? 'adult',
    now: deps.clock(),
  });
  return { profileId: link.profile.id, created: link.created, linked: link.linked, assertion };
}
