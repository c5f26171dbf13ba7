// One login as the service keeps it between requests, and what a client may see of
// it. Personal data stays inside the record until the client has claimed the login
// with the handoff that came back through the person's own browser.

import type { AgeGroup } from './age.js';
import type { Contacts } from './contacts.js';
import type { Locale } from './errors.js';
import { effectiveStatus, type LoginStatus } from './login-status.js';
import { maskEmail, maskName, maskPhone } from './masking.js';
import type { ProfileRecord } from './person.js';
import type { Destination, Prefill } from './rules.js';

export interface OtpState {
  destination: Destination;
  alternatives: Destination[];
  /** HMAC of the current code; null before the first send and once used. */
  codeHash: string | null;
  expiresAt: string | null;
  attempts: number;
  sends: number;
  lastSentAt: string | null;
  delivery: 'pending' | 'sent' | 'failed' | null;
  verified: boolean;
}

export interface LoginPerson {
  subject: string;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  birthdate: string | null;
  gender: 'male' | 'female' | null;
}

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
  claimed: boolean;
  handoffHash: string | null;
  person: LoginPerson | null;
  ageGroup: AgeGroup | null;
  candidates: ProfileRecord[];
  prefill: Prefill | null;
  newContact: Contacts | null;
  otp: OtpState | null;
  result: LoginResult | null;
  error: string | null;
}

export interface OtpPolicy {
  maxAttempts: number;
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

export interface LoginView {
  id: string;
  status: LoginStatus;
  expires_at: string;
  client_state: string | null;
  person?: {
    family_name: string | null;
    given_name: string | null;
    middle_name: string | null;
    birthdate: string | null;
    gender: 'male' | 'female' | null;
    age_group: AgeGroup | null;
  };
  otp?: {
    channel: 'sms' | 'email';
    destination: string;
    expires_at: string | null;
    resend_available_at: string;
    attempts_left: number;
    resends_left: number;
    delivery: 'pending' | 'sent' | 'failed' | null;
    alternatives: { channel: 'sms' | 'email'; destination: string }[];
  };
  candidates?: { id: string; display_name: string }[];
  result?: { profile_id: string; created: boolean; linked: boolean; assertion: string };
  error?: { code: string };
}

export function loginView(login: LoginRecord, now: Date, policy: OtpPolicy): LoginView {
  const status = currentStatus(login, now);
  const view: LoginView = {
    id: login.id,
    status,
    expires_at: login.expiresAt,
    client_state: login.clientState,
  };
  if (!login.claimed) return view;
  if (status === 'rejected' && login.error) view.error = { code: login.error };
  if (login.person) view.person = personView(login);
  if (status === 'otp_required' && login.otp) view.otp = otpView(login.otp, policy);
  if (status === 'choose_profile') {
    view.candidates = login.candidates.map((c) => ({ id: c.id, display_name: maskName(c) }));
  }
  if (status === 'completed' && login.result) {
    const r = login.result;
    view.result = { profile_id: r.profileId, created: r.created, linked: r.linked, assertion: r.assertion };
  }
  return view;
}

function personView(login: LoginRecord): NonNullable<LoginView['person']> {
  const p = login.person as LoginPerson;
  return {
    family_name: p.familyName,
    given_name: p.givenName,
    middle_name: p.middleName,
    birthdate: p.birthdate,
    gender: p.gender,
    age_group: login.ageGroup,
  };
}

function otpView(otp: OtpState, policy: OtpPolicy): NonNullable<LoginView['otp']> {
  return {
    channel: otp.destination.channel,
    destination: maskDestination(otp.destination),
    expires_at: otp.expiresAt,
    resend_available_at: resendAvailableAt(otp, policy).toISOString(),
    attempts_left: Math.max(policy.maxAttempts - otp.attempts, 0),
    resends_left: Math.max(policy.maxResends - Math.max(otp.sends - 1, 0), 0),
    delivery: otp.delivery,
    alternatives: otp.alternatives.map((d) => ({ channel: d.channel, destination: maskDestination(d) })),
  };
}
