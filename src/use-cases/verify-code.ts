// Step 4: the person types the code. Checking, counting a wrong attempt and using
// the code up happen in one compare-and-set of the login, so concurrent guesses
// never exceed the limit and a right code works once. After the last allowed wrong
// attempt the login is rejected (`otp_locked`). One candidate completes the login;
// several (twins on one parent's phone) lead to `choose_profile`.

import { CodeExpired, InvalidCode, InvalidTransition, OtpLocked } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { assertClaimed, loginOf } from './client-login.js';
import { completeLogin } from './complete-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { codeHash, sameHash } from './secrets.js';

type Check = { ok: true } | { ok: false; attemptsLeft: number; locked: boolean };

export async function verifyCode(deps: FlowDeps, client: ClientRef, id: string, code: string): Promise<LoginRecord> {
  assertClaimed(await loginOf(deps, client, id));
  const presented = codeHash(deps.config.otp.secret, id, code);
  const now = deps.clock();
  const { login, outcome } = await deps.logins.change<Check>(id, (current) => check(deps, current, presented, now));
  if (!outcome.ok) {
    await deps.audit({
      event: 'code.failed',
      outcome: outcome.locked ? 'otp_locked' : 'invalid_code',
      clientId: client.id,
      loginId: id,
      details: { attempts_left: outcome.attemptsLeft },
    });
    throw outcome.locked ? OtpLocked() : InvalidCode({ attempts_left: outcome.attemptsLeft });
  }
  await deps.audit({ event: 'code.verified', outcome: 'ok', clientId: client.id, loginId: id });
  if (login.status === 'choose_profile') return login;
  const [only] = login.candidates;
  if (!only) throw InvalidTransition({ login_status: login.status });
  return completeLogin(deps, login, ['otp_required'], { kind: 'existing', profileId: only.id }, ['esia', 'otp']);
}

function check(deps: FlowDeps, login: LoginRecord, presented: string, now: Date) {
  const status = currentStatus(login, now);
  const otp = login.otp;
  if (status !== 'otp_required' || !otp || otp.verified) throw InvalidTransition({ login_status: status });
  if (!otp.codeHash || !otp.expiresAt || new Date(otp.expiresAt) <= now) throw CodeExpired();
  const max = deps.config.otp.maxAttempts;
  if (sameHash(otp.codeHash, presented)) {
    const verified = { ...otp, codeHash: null, verified: true };
    const next: LoginRecord = { ...login, otp: verified, status: login.candidates.length > 1 ? 'choose_profile' : 'otp_required' };
    return { next, outcome: { ok: true } as Check };
  }
  const attempts = otp.attempts + 1;
  const locked = attempts >= max;
  const next: LoginRecord = locked
    ? { ...login, status: 'rejected', error: 'otp_locked', otp: { ...otp, attempts, codeHash: null } }
    : { ...login, otp: { ...otp, attempts } };
  return { next, outcome: { ok: false, attemptsLeft: max - attempts, locked } as Check };
}
