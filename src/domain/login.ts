// One login as the service keeps it between requests, and what a client may see of
// it. Personal data stays inside the record until the client has claimed the login
// with the handoff that came back through the person's own browser.

import type { AgeGroup } from './age.js';
import type { Contacts } from './contacts.js';
import type { Locale } from './errors.js';
import { effectiveStatus, type LoginStatus } from './login-status.js';
import { maskEmail, maskName, maskPhone } from './masking.js';
import type { Person, ProfileRecord } from './person.js';
import type { Destination, Prefill } from './rules.js';

export interface OtpState {
  destination: Destination;
  alternatives: Destination[];
  /** HMAC of the current code; null before the first send and once used. */
  codeHash: string | null;
  expiresAt: string | null;
  /** Wrong attempts at the current code. */
  attempts: number;
  /** Wrong attempts over the whole login: a re-send does not reset them. */
  totalAttempts: number;
  sends: number;
  lastSentAt: string | null;
  delivery: 'pending' | 'sent' | 'failed' | null;
  verified: boolean;
}

/** What the provider verified about the person; the assertion's `verified` part. */
export interface LoginPerson {
  subject: string;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  birthdate: string | null;
  gender: 'male' | 'female' | null;
  /** The provider-verified contacts, normalized. */
  phone: string | null;
  email: string | null;
}

/** A profile offered for confirmation: only what the person needs to recognise it (and to notice a contact that is not theirs). */
export interface Candidate {
  id: string;
  displayName: string;
  birthYear: number;
  /** The profile's phone and e-mail, masked. */
  contacts: string[];
}

/** What completing a login writes: a link to an existing profile, or a new one. */
export type Completion =
  /** The subject's link, which must still exist when the login finishes (it is never made again). */
  | { kind: 'linked'; profileId: string; amr: string[] }
  | { kind: 'existing'; profileId: string; amr: string[] }
  | { kind: 'new'; amr: string[] };

export interface LoginResult {
  profileId: string;
  created: boolean;
  linked: boolean;
  assertion: string;
}

export interface LoginRecord {
  id: string;
  clientId: string;
  status: LoginStatus;
  createdAt: string;
  expiresAt: string;
  returnTo: string;
  locale: Locale;
  clientState: string | null;
  provider: string;
  /** The state sent to the provider, until the browser opens `authorize` (single use). */
  state: string | null;
  /** Hash of the value of the cookie that ties the callback to the browser that started. */
  binderHash: string | null;
  claimed: boolean;
  /** Valid until a claim succeeds: a claim that failed half-way may be repeated. */
  handoffHash: string | null;
  /** The provider's answer until the rules have decided on it (a decision may fail and be retried). */
  providerPerson: Person | null;
  person: LoginPerson | null;
  ageGroup: AgeGroup | null;
  /** The profile already linked to the subject, if any. */
  linkedProfileId: string | null;
  candidates: Candidate[];
  prefill: Prefill | null;
  newContact: Contacts | null;
  otp: OtpState | null;
  completion: Completion | null;
  result: LoginResult | null;
  error: string | null;
}

/** Candidates as they may be kept and shown after the code. */
export function candidatesOf(profiles: ProfileRecord[]): Candidate[] {
  return profiles.map((p) => ({
    id: p.id,
    displayName: maskName(p),
    birthYear: Number(p.birthdate.slice(0, 4)),
    contacts: [...(p.phone ? [maskPhone(p.phone)] : []), ...(p.email ? [maskEmail(p.email)] : [])],
  }));
}

/**
 * Whether the person may decline the candidates before the code: when the code goes
 * to a contact the provider did not verify for them (a minor's profile contact),
 * they cannot read it if the profile is not theirs, and must not be stuck.
 */
export function mayDeclineBeforeCode(login: LoginRecord): boolean {
  const destination = login.otp?.destination.destination;
  return !login.linkedProfileId && destination !== undefined && destination !== login.person?.phone && destination !== login.person?.email;
}

export interface OtpPolicy {
  maxAttempts: number;
  maxAttemptsPerLogin: number;
  maxResends: number;
  resendCooldownSeconds: number;
}

export function currentStatus(login: LoginRecord, now: Date): LoginStatus {
  return effectiveStatus(login.status, new Date(login.expiresAt), now);
}

export function maskDestination(d: Destination): string {
  return d.channel === 'sms' ? maskPhone(d.destination) : maskEmail(d.destination);
}

/** When the next code may be sent: now if the last send failed (the person must not wait for a code that never came). */
export function resendAvailableAt(otp: OtpState, policy: OtpPolicy): Date {
  if (!otp.lastSentAt || otp.delivery === 'failed') return new Date(0);
  return new Date(new Date(otp.lastSentAt).getTime() + policy.resendCooldownSeconds * 1000);
}

/** The profiles a login was offered (or came linked to), indexed by the decision. */
export function offered(login: Pick<LoginRecord, 'candidates' | 'linkedProfileId'>): string[] {
  return [...login.candidates.map((c) => c.id), ...(login.linkedProfileId ? [login.linkedProfileId] : [])];
}
