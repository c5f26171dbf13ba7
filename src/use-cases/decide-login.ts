// The rules' decision on what the provider said, shared by the callback (first try)
// and the claim (retry: when the decision failed at the callback, e.g. Postgres was
// down, the login keeps the provider's answer and the claim decides again). The
// facts come from the profile store; the outcome is stored in one compare-and-set.

import { moscowDate } from '../domain/age.js';
import { verifiedContacts, type Contacts } from '../domain/contacts.js';
import { candidatesOf, currentStatus, offered, type LoginRecord } from '../domain/login.js';
import { assertTransition } from '../domain/login-status.js';
import type { Person } from '../domain/person.js';
import { decide, type Decision, type RuleInput } from '../domain/rules.js';
import type { FlowDeps } from './flow-deps.js';

export type Decided = Partial<LoginRecord> & Pick<LoginRecord, 'status'>;

/**
 * The rules' decision on the provider's person, as the change it makes to the login.
 * The profiles it offers are indexed first, so an erasure before the login holds
 * their data still finds it.
 */
export async function decisionFor(deps: FlowDeps, login: LoginRecord, person: Person): Promise<Decided> {
  const verified = verifiedContacts(person);
  const decision = decide(await factsFor(deps, person, verified));
  const update = { ...updateFor(person, verified, decision), providerPerson: null };
  for (const profileId of offered({ ...login, ...update })) await deps.logins.rememberProfile(profileId, login);
  return update;
}

/** Decides a login whose provider answer is in (`providerPerson`); returns the stored login. */
export async function decideLogin(deps: FlowDeps, seen: LoginRecord): Promise<LoginRecord> {
  const person = seen.providerPerson;
  if (!person) return seen;
  const update = await decisionFor(deps, seen, person);
  const { login, outcome: decidedHere } = await deps.logins.change(seen.id, (current) => {
    if (!current.providerPerson) return { next: null, outcome: false };
    assertTransition(currentStatus(current, deps.clock()), update.status);
    return { next: { ...current, ...update }, outcome: true };
  }, seen);
  // Audited by the step whose write stored the decision: a concurrent claim that found
  // it decided already records nothing (it would be a second, later `login.decided`).
  if (decidedHere) await auditDecision(deps, login);
  return login;
}

export function auditDecision(deps: FlowDeps, login: LoginRecord): Promise<void> {
  return deps.audit.record({
    event: 'login.decided',
    outcome: login.error ?? login.status,
    clientId: login.clientId,
    loginId: login.id,
    details: { age_group: login.ageGroup },
  });
}

async function factsFor(deps: FlowDeps, person: Person, verified: Contacts): Promise<RuleInput> {
  const { profiles } = deps;
  const linkedProfile = await profiles.findLinked(person.provider, person.subject);
  // A linked subject's rules never look at other profiles (rule 7): no need to find them.
  const lookUp = (kind: 'phone' | 'email', value: string | null) =>
    value && !linkedProfile ? profiles.findByContact(kind, value, person.provider) : Promise.resolve([]);
  const [byPhone, byEmail] = await Promise.all([lookUp('phone', verified.phone), lookUp('email', verified.email)]);
  return {
    person,
    today: moscowDate(deps.clock()),
    linkedProfile,
    byPhone,
    byEmail,
    policy: {
      linkedLoginOtp: deps.config.login.linkedLoginOtp,
      channels: (['sms', 'email'] as const).filter((c) => deps.codes.has(c)),
    },
  };
}

function updateFor(person: Person, verified: Contacts, decision: Decision): Decided {
  const base = {
    person: { ...verified, ...nameOf(person) },
    ageGroup: decision.ageGroup ?? null,
  };
  switch (decision.kind) {
    case 'rejected':
      return { ...base, status: 'rejected', error: decision.error.code };
    case 'profile_review':
      return { ...base, status: 'profile_review', prefill: decision.prefill, newContact: decision.contact };
    case 'completing':
      return {
        ...base,
        status: 'completing',
        linkedProfileId: decision.profile.id,
        completion: { kind: 'linked', profileId: decision.profile.id, amr: ['esia'] },
      };
    case 'otp_required':
      return {
        ...base,
        status: 'otp_required',
        linkedProfileId: decision.linked ? (decision.candidates[0]?.id ?? null) : null,
        candidates: decision.linked ? [] : candidatesOf(decision.candidates),
        prefill: decision.prefill,
        newContact: decision.newContact,
        otp: {
          destination: decision.destination,
          alternatives: decision.alternatives,
          codeHash: null,
          expiresAt: null,
          attempts: 0,
          totalAttempts: 0,
          sends: 0,
          lastSentAt: null,
          delivery: null,
          verified: false,
        },
      };
  }
}

function nameOf(person: Person) {
  const { subject, familyName, givenName, middleName, birthdate, gender } = person;
  return { subject, familyName, givenName, middleName, birthdate, gender };
}
