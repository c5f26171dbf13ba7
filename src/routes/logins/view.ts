// The HTTP view of a login: what its client may see, typed from the response
// schema so that the two cannot drift apart. Nothing about the person before the
// claim; candidates only after the code (they exist only in `choose_profile`).

import type { Static } from '@sinclair/typebox';
import { currentStatus, maskDestination, mayDeclineBeforeCode, resendAvailableAt, type LoginRecord, type OtpPolicy, type OtpState } from '../../domain/login.js';
import type { LoginSchema } from './schemas.js';

export type LoginView = Static<typeof LoginSchema>;

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
  if (status === 'otp_required' && login.otp) view.otp = otpView(login.otp, policy, mayDeclineBeforeCode(login));
  if (status === 'choose_profile') {
    view.candidates = login.candidates.map((c) => ({ id: c.id, display_name: c.displayName, birth_year: c.birthYear, contacts: c.contacts }));
  }
  if (status === 'completed' && login.result) {
    const r = login.result;
    view.result = { profile_id: r.profileId, created: r.created, linked: r.linked, assertion: r.assertion };
  }
  return view;
}

function personView(login: LoginRecord): NonNullable<LoginView['person']> {
  const p = login.person as NonNullable<LoginRecord['person']>;
  return {
    family_name: p.familyName,
    given_name: p.givenName,
    middle_name: p.middleName,
    birthdate: p.birthdate,
    gender: p.gender,
    age_group: login.ageGroup,
  };
}

function otpView(otp: OtpState, policy: OtpPolicy, mayDecline: boolean): NonNullable<LoginView['otp']> {
  const left = Math.min(policy.maxAttempts - otp.attempts, policy.maxAttemptsPerLogin - otp.totalAttempts);
  return {
    channel: otp.destination.channel,
    destination: maskDestination(otp.destination),
    expires_at: otp.expiresAt,
    resend_available_at: resendAvailableAt(otp, policy).toISOString(),
    attempts_left: Math.max(left, 0),
    resends_left: Math.max(policy.maxResends - Math.max(otp.sends - 1, 0), 0),
    delivery: otp.delivery,
    alternatives: otp.alternatives.map((d) => ({ channel: d.channel, destination: maskDestination(d) })),
    may_decline: mayDecline,
  };
}
