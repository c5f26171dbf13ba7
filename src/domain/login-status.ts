// The life of one login as a state machine. Every step that changes a login's
// status goes through assertTransition, so a replayed or out-of-order request
// (a second code check after completion, a profile choice before the code) is a
// 409 naming the current status instead of a silent second effect.

import { InvalidTransition } from './errors.js';

export const LOGIN_STATUSES = [
  'awaiting_provider',
  'otp_required',
  'choose_profile',
  'profile_review',
  'completing',
  'completed',
  'rejected',
  'expired',
  'cancelled',
] as const;

export type LoginStatus = (typeof LOGIN_STATUSES)[number];

// Forward steps only; expiry and cancellation are open to every non-terminal status.
// 'completing' records the decision (which profile, or a new one) before the link
// and the assertion are written, so a failure half-way leaves a login that can be
// completed again rather than one stranded at its previous step.
const NEXT: Readonly<Record<LoginStatus, readonly LoginStatus[]>> = {
  // 'completing' directly: a linked subject when the policy asks no code.
  awaiting_provider: ['otp_required', 'profile_review', 'rejected', 'completing'],
  // 'profile_review': a decline before the code, when the code goes to a contact the
  // provider did not verify for the person (login.ts mayDeclineBeforeCode).
  otp_required: ['choose_profile', 'completing', 'rejected', 'profile_review'],
  // A decline ("это не мой профиль") leads to the review of a new profile.
  choose_profile: ['completing', 'profile_review', 'rejected'],
  profile_review: ['completing'],
  completing: ['completed', 'rejected'],
  completed: [],
  rejected: [],
  expired: [],
  cancelled: [],
};

const TERMINAL: ReadonlySet<LoginStatus> = new Set(['completed', 'rejected', 'expired', 'cancelled']);

export function isTerminal(status: LoginStatus): boolean {
  return TERMINAL.has(status);
}

export function canTransition(from: LoginStatus, to: LoginStatus): boolean {
  if (isTerminal(from)) return false;
  return to === 'expired' || to === 'cancelled' || NEXT[from].includes(to);
}

/** Throws `invalid_transition` (409) carrying the current status. */
export function assertTransition(from: LoginStatus, to: LoginStatus): void {
  if (!canTransition(from, to)) throw InvalidTransition({ login_status: from });
}

/**
 * The status as of `now`. A login past its deadline is expired even if nothing
 * has recorded it yet: the flow checks its own expiry rather than trusting a
 * sweeper to have run.
 */
export function effectiveStatus(status: LoginStatus, expiresAt: Date, now: Date): LoginStatus {
  return !isTerminal(status) && now.getTime() >= expiresAt.getTime() ? 'expired' : status;
}
