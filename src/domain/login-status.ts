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
  'completed',
  'rejected',
  'expired',
  'cancelled',
] as const;

export type LoginStatus = (typeof LOGIN_STATUSES)[number];

// Forward steps only; expiry and cancellation are open to every non-terminal status.
const NEXT: Readonly<Record<LoginStatus, readonly LoginStatus[]>> = {
  // 'completed' directly: a linked subject when the policy asks no code.
  awaiting_provider: ['otp_required', 'profile_review', 'rejected', 'completed'],
  otp_required: ['choose_profile', 'completed', 'rejected'],
  choose_profile: ['completed'],
  profile_review: ['completed'],
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
