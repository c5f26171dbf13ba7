// The login rules: what happens after the provider has told us who the person is.
// `decide` is the whole policy in one pure function; the caller gathers the facts
// (the linked profile, profiles sharing a contact) and carries out the decision.
//
// 1. Confirmed accounts only. A simplified or standard ESIA account is not a
//    checked identity, so anything but `confirmed` is `account_not_verified`.
// 2. Age is counted from the provider's birth date on `today` (a Moscow date).
//    Without a valid birth date nothing else can be decided:
//    `incomplete_provider_data`. Under 14 a child may log in only with a
//    parent's consent and a linked parent account (`parental_consent_required`);
//    from 14 a person confirms alone.
// 3. Only contacts the provider verified count, as E.164 phones and lower-case
//    e-mails. A profile sharing an unverified contact is not found by it.
// 4. Which profile: the one linked to this (provider, subject) if any; else the
//    profiles sharing the verified phone; if none of those may be offered, the
//    profiles sharing the verified e-mail. A profile may be offered only when its
//    birth date equals the provider's (a parent's phone on a child's profile must
//    not hand the child's profile to the parent, nor the other way round) and it
//    is not linked to another subject of the same provider (that is someone else).
// 5. Existing profiles need a one-time code. An adult proves the contact the
//    provider verified: the phone, else the e-mail (the e-mail is offered as the
//    alternative). A minor's code goes to the contact registered on the profile,
//    because that is the contact the family chose, usually a parent's; with
//    several candidates (twins) only a contact all of them share can be used:
//    the phone, else the e-mail. A contact on a channel the service cannot send
//    through (switched off) is not usable. No usable contact: `no_verified_contact`.
// 6. No profile: the person reviews a new profile prefilled from the provider.
//    Names and sex are required (`incomplete_provider_data`); the profile's
//    contact is the verified phone, else the verified e-mail, else
//    `no_verified_contact`.
// 7. A linked subject logging in again is asked for a code like in rule 5 (the
//    linked profile is the only candidate) unless the policy says 'never', in
//    which case the login completes at once.

import type { Channel } from '../ports/delivery.js';
import { ageGroup, ageOn, type AgeGroup } from './age.js';
import { verifiedContacts, type Contacts } from './contacts.js';
import {
  AccountNotVerified,
  IncompleteProviderData,
  NoVerifiedContact,
  ParentalConsentRequired,
  type ErrorFactory,
} from './errors.js';
import type { Gender, Person, ProfileRecord } from './person.js';

export interface CandidateProfile extends ProfileRecord {
  /** Subjects of the same provider already linked to this profile. */
  linkedSubjects: string[];
}

export interface RuleInput {
  person: Person;
  /** Moscow date, YYYY-MM-DD. */
  today: string;
  /** The profile linked to (provider, subject), if any. */
  linkedProfile: ProfileRecord | null;
  /** Profiles whose phone equals the person's verified normalized phone. */
  byPhone: CandidateProfile[];
  /** Profiles whose e-mail equals the person's verified normalized e-mail. */
  byEmail: CandidateProfile[];
  policy: {
    linkedLoginOtp: 'always' | 'never';
    /** Channels the service can deliver a code through; a destination on any other is unusable. */
    channels: readonly Channel[];
  };
}

export interface Destination {
  channel: Channel;
  destination: string;
}

export interface Prefill {
  familyName: string;
  givenName: string;
  middleName: string | null;
  birthdate: string;
  gender: Gender;
}

export type Decision =
  | { kind: 'rejected'; error: ErrorFactory; ageGroup?: AgeGroup }
  | {
      kind: 'otp_required';
      ageGroup: AgeGroup;
      candidates: ProfileRecord[];
      linked: boolean;
      destination: Destination;
      /** Other usable destinations, for an explicit channel switch later. */
      alternatives: Destination[];
    }
  | { kind: 'completed'; ageGroup: AgeGroup; profile: ProfileRecord; linked: true }
  | {
      kind: 'profile_review';
      ageGroup: AgeGroup;
      prefill: Prefill;
      /** Exactly one of the two is set. */
      contact: Contacts;
    };

export function decide(input: RuleInput): Decision {
  const { person } = input;
  if (!person.confirmed) return reject(AccountNotVerified);

  const { birthdate } = person;
  const age = birthdate === null ? null : ageOn(birthdate, input.today);
  if (birthdate === null || age === null) return reject(IncompleteProviderData);
  const group = ageGroup(age);
  if (group === 'minor_under_14' && !(person.parentalConsent && person.parentSubject)) {
    return reject(ParentalConsentRequired, group);
  }

  const verified = verifiedContacts(person);
  if (input.linkedProfile) {
    if (input.policy.linkedLoginOtp === 'never') {
      return { kind: 'completed', ageGroup: group, profile: input.linkedProfile, linked: true };
    }
    return otpRequired([input.linkedProfile], true, group, verified, input.policy.channels);
  }
  const candidates = findCandidates(input, verified);
  if (candidates.length > 0) return otpRequired(candidates, false, group, verified, input.policy.channels);
  return profileReview(person, birthdate, group, verified);
}

function reject(error: ErrorFactory, group?: AgeGroup): Decision {
  return group ? { kind: 'rejected', error, ageGroup: group } : { kind: 'rejected', error };
}

function findCandidates(input: RuleInput, verified: Contacts): ProfileRecord[] {
  const byPhone = offerable(input.byPhone, 'phone', verified.phone, input.person);
  return byPhone.length > 0 ? byPhone : offerable(input.byEmail, 'email', verified.email, input.person);
}

// The contact is compared again because rule 3 is ours to enforce: a lookup that
// ignored verification must not let an unverified contact find a profile.
function offerable(
  profiles: CandidateProfile[],
  by: keyof Contacts,
  value: string | null,
  person: Person,
): ProfileRecord[] {
  if (value === null) return [];
  return profiles
    .filter(
      (p) =>
        p[by] === value &&
        p.birthdate === person.birthdate &&
        p.linkedSubjects.every((subject) => subject === person.subject),
    )
    .map(({ linkedSubjects: _, ...record }) => record);
}

function otpRequired(
  candidates: ProfileRecord[],
  linked: boolean,
  group: AgeGroup,
  verified: Contacts,
  channels: readonly Channel[],
): Decision {
  const contacts = group === 'adult' ? verified : sharedContacts(candidates);
  const [destination, ...alternatives] = destinations(contacts).filter((d) => channels.includes(d.channel));
  if (!destination) return reject(NoVerifiedContact, group);
  return { kind: 'otp_required', ageGroup: group, candidates, linked, destination, alternatives };
}

function sharedContacts(profiles: ProfileRecord[]): Contacts {
  return { phone: shared(profiles.map((p) => p.phone)), email: shared(profiles.map((p) => p.email)) };
}

function shared(values: (string | null)[]): string | null {
  const [first] = values;
  return first != null && values.every((v) => v === first) ? first : null;
}

// In order of preference: the phone, then the e-mail.
function destinations({ phone, email }: Contacts): Destination[] {
  const result: Destination[] = [];
  if (phone) result.push({ channel: 'sms', destination: phone });
  if (email) result.push({ channel: 'email', destination: email });
  return result;
}

function profileReview(
  person: Person,
  birthdate: string,
  group: AgeGroup,
  verified: Contacts,
): Decision {
  const familyName = present(person.familyName);
  const givenName = present(person.givenName);
  if (!familyName || !givenName || !person.gender) return reject(IncompleteProviderData, group);
  const contact = newProfileContact(verified);
  if (!contact) return reject(NoVerifiedContact, group);
  const middleName = present(person.middleName);
  const prefill = { familyName, givenName, middleName, birthdate, gender: person.gender };
  return { kind: 'profile_review', ageGroup: group, prefill, contact };
}

// One contact per new profile: the phone when there is one, else the e-mail.
function newProfileContact({ phone, email }: Contacts): Contacts | null {
  if (phone) return { phone, email: null };
  return email ? { phone: null, email } : null;
}

// A blank name is as absent as a missing one.
function present(name: string | null): string | null {
  return name?.trim() || null;
}
