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
//    profiles sharing the verified e-mail. A profile may be offered only when it
//    describes this person: the same birth date, family name, given name and sex
//    (a parent's phone on a child's profile must not hand the child's profile to
//    the parent, nor one twin's profile to the other), and it is not linked to
//    another subject of the same provider (that is someone else). Names compare
//    ignoring case, "ё"/"е", spaces and hyphens (names.ts); a changed surname is
//    another name, so that person gets a new profile: the safe outcome. For an
//    adult, every contact on the profile must be the person's own (the one the
//    provider verified, or the one it holds unverified when it verified none of that
//    kind): a profile planted with the person's e-mail and someone else's phone must
//    not reach them. A minor's profile usually carries a parent's contact, so this
//    does not apply to minors.
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
//    which case the login goes straight to completion.
// 8. After the code, a person not yet linked confirms every candidate list, even
//    of one ("это мой профиль"); nothing about a candidate is shown before the
//    code. Declining ("это не мой профиль") leads to the review of a new profile
//    (rule 6). Candidates are found only through a verified contact, so that new
//    profile always has one.

import type { Channel } from '../ports/delivery.js';
import { ageGroup, ageOn, type AgeGroup } from './age.js';
import { normalizeEmail, normalizePhone, verifiedContacts, type Contacts } from './contacts.js';
import { sameName } from './names.js';
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

/** A new profile for the person to review: the prefill and its one contact. */
export interface Review {
  prefill: Prefill;
  /** Exactly one of the two is set. */
  contact: Contacts;
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
      /** What a decline leads to (rule 8): the prefill, and the contact when the provider verified one. */
      prefill: Prefill | null;
      newContact: Contacts | null;
    }
  | { kind: 'completing'; ageGroup: AgeGroup; profile: ProfileRecord }
  | ({ kind: 'profile_review'; ageGroup: AgeGroup } & Review);

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
      return { kind: 'completing', ageGroup: group, profile: input.linkedProfile };
    }
    return otpRequired([input.linkedProfile], true, group, verified, input.policy.channels, null);
  }
  const candidates = findCandidates(input, verified, group === 'adult');
  const draft = draftOf(person, birthdate, verified);
  if (candidates.length > 0) return otpRequired(candidates, false, group, verified, input.policy.channels, draft);
  return profileReview(draft, group);
}

/** Rule 8: "это не мой профиль" after the code leads to the review of rule 6. */
export function reviewAfterDecline(prefill: Prefill | null, newContact: Contacts | null): Review | { error: ErrorFactory } {
  return profileReviewOf({ prefill, contact: newContact });
}

function reject(error: ErrorFactory, group?: AgeGroup): Decision {
  return group ? { kind: 'rejected', error, ageGroup: group } : { kind: 'rejected', error };
}

function findCandidates(input: RuleInput, verified: Contacts, adult: boolean): ProfileRecord[] {
  const byPhone = offerable(input.byPhone, 'phone', verified, input.person, adult);
  return byPhone.length > 0 ? byPhone : offerable(input.byEmail, 'email', verified, input.person, adult);
}

// The contact is compared again because rule 3 is ours to enforce: a lookup that
// ignored verification must not let an unverified contact find a profile.
function offerable(
  profiles: CandidateProfile[],
  by: keyof Contacts,
  verified: Contacts,
  person: Person,
  adult: boolean,
): ProfileRecord[] {
  const value = verified[by];
  if (value === null) return [];
  return profiles
    .filter(
      (p) =>
        p[by] === value &&
        describesPerson(p, person) &&
        !(adult && foreignContact(p, person, verified)) &&
        p.linkedSubjects.every((subject) => subject === person.subject),
    )
    .map(({ linkedSubjects: _, ...record }) => record);
}

/**
 * The profile carries a phone or an e-mail that is not the person's: neither the one
 * the provider verified nor, when it verified none of that kind, the one the provider
 * holds unverified (which no one else can set).
 */
function foreignContact(profile: Contacts, person: Person, verified: Contacts): boolean {
  const own: Contacts = {
    phone: verified.phone ?? (person.phone === null ? null : normalizePhone(person.phone)),
    email: verified.email ?? (person.email === null ? null : normalizeEmail(person.email)),
  };
  return (['phone', 'email'] as const).some((kind) => profile[kind] !== null && profile[kind] !== own[kind]);
}

/** Rule 4: the profile is this person's by birth date, family and given names and sex. */
export function describesPerson(profile: ProfileRecord, person: Person): boolean {
  return (
    profile.birthdate === person.birthdate &&
    profile.gender === person.gender &&
    sameName(profile.familyName, person.familyName) &&
    sameName(profile.givenName, person.givenName)
  );
}

function otpRequired(
  candidates: ProfileRecord[],
  linked: boolean,
  group: AgeGroup,
  verified: Contacts,
  channels: readonly Channel[],
  draft: Draft | null,
): Decision {
  const contacts = group === 'adult' ? verified : sharedContacts(candidates);
  const [destination, ...alternatives] = destinations(contacts).filter((d) => channels.includes(d.channel));
  if (!destination) return reject(NoVerifiedContact, group);
  const decline = { prefill: draft?.prefill ?? null, newContact: draft?.contact ?? null };
  return { kind: 'otp_required', ageGroup: group, candidates, linked, destination, alternatives, ...decline };
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

/** A new profile as far as the provider's data allows: either part may be missing. */
interface Draft {
  prefill: Prefill | null;
  contact: Contacts | null;
}

function draftOf(person: Person, birthdate: string, verified: Contacts): Draft {
  const familyName = present(person.familyName);
  const givenName = present(person.givenName);
  const prefill = familyName && givenName && person.gender
    ? { familyName, givenName, middleName: present(person.middleName), birthdate, gender: person.gender }
    : null;
  return { prefill, contact: newProfileContact(verified) };
}

function profileReview(draft: Draft, group: AgeGroup): Decision {
  const review = profileReviewOf(draft);
  return 'error' in review ? reject(review.error, group) : { kind: 'profile_review', ageGroup: group, ...review };
}

function profileReviewOf({ prefill, contact }: Draft): Review | { error: ErrorFactory } {
  if (!prefill) return { error: IncompleteProviderData };
  if (!contact) return { error: NoVerifiedContact };
  return { prefill, contact };
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
