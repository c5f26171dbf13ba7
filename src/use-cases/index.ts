// The login flow as a table: each step in order, who calls it, and the statuses it
// moves a login between (the state machine itself is domain/login-status.ts; a test
// checks that every move listed here is one it allows). Shared pieces that several
// steps use live in their own modules: decide-login (the rules on the provider's
// answer), issue-code (sending a code), completion (link, sign, complete).
//
//   step             caller   from                          → to
//   startLogin       client   (new)                         → awaiting_provider
//   authorizeLogin   browser  awaiting_provider             → awaiting_provider (cookie set)
//   handleCallback   browser  awaiting_provider             → otp_required | profile_review | completing | rejected
//   claimLogin       client   any (first code, or finish)   → (same) | completed
//   sendCode         client   otp_required                  → otp_required
//   verifyCode       client   otp_required                  → choose_profile | completing → completed | rejected
//   selectProfile    client   otp_required (unverified dest.) → profile_review (a decline before the code)
//   selectProfile    client   choose_profile                → completing → completed | profile_review
//                             profile_review                → completing → completed
//   completeLogin    client   completing                    → completed | rejected
//   cancelLogin      client   any open                      → cancelled
//   readLogin        client   any                           (no change)

import type { LoginStatus } from '../domain/login-status.js';

export { authorizeLogin } from './authorize-login.js';
export { cancelLogin } from './cancel-login.js';
export { claimLogin } from './claim-login.js';
export { loginOf as readLogin } from './client-login.js';
export { completeLogin } from './complete-login.js';
export { handleCallback } from './handle-callback.js';
export { eraseProfile, readProfile, registerProfile, unlinkProvider } from './manage-profiles.js';
export { selectProfile } from './select-profile.js';
export { sendCode } from './send-code.js';
export { startLogin } from './start-login.js';
export { verifyCode } from './verify-code.js';

/** The moves of the table above, as data. */
export const PIPELINE: readonly { step: string; from: LoginStatus; to: readonly LoginStatus[] }[] = [
  { step: 'handleCallback', from: 'awaiting_provider', to: ['otp_required', 'profile_review', 'completing', 'rejected'] },
  { step: 'verifyCode', from: 'otp_required', to: ['choose_profile', 'completing', 'rejected'] },
  { step: 'selectProfile', from: 'otp_required', to: ['profile_review'] },
  { step: 'selectProfile', from: 'choose_profile', to: ['completing', 'profile_review', 'rejected'] },
  { step: 'selectProfile', from: 'profile_review', to: ['completing'] },
  { step: 'completeLogin', from: 'completing', to: ['completed', 'rejected'] },
];
