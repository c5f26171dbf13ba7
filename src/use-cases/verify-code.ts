// Step 4: the person types the code. Checking, counting a wrong attempt and using
// the code up happen in one compare-and-set of the login, so concurrent guesses
// never exceed the limits and a right code works once. Wrong attempts are counted
// per code and over the whole login (a re-send does not reset the latter); at
// either limit the login is rejected (`otp_locked`). A person already linked
// completes; anyone else confirms the candidates (`choose_profile`).

import { CodeExpired, InvalidCode, InvalidTransition, OtpLocked } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { assertClaimed, loginOf } from './client-login.js';
import { finishLogin } from './completion.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { codeHash, sameHash } from './secrets.js';

type Check = { ok: true } | { ok: false; attemptsLeft: number; locked: boolean };

export async function verifyCode(deps: FlowDeps, client: ClientRef, id: string, code: string): Promise<LoginRecord> {
  const seen = await loginOf(deps, client, id);
  assertClaimed(seen);
  const presented = codeHash(deps.config.otp.secret, id, code);
  const now = deps.clock();
  const { login, outcome } = await deps.logins.change<Check>(id, (current) => check(deps, current, presented, now), seen);
  if (!outcome.ok) {
    await deps.audit.record({
      event: 'code.failed',
      outcome: outcome.locked ? 'otp_locked' : 'invalid_code',
      clientId: client.id,
      loginId: id,
      details: { attempts_left: outcome.attemptsLeft },
    });
    throw outcome.locked ? OtpLocked() : InvalidCode({ attempts_left: outcome.attemptsLeft });
  }
  await deps.audit.record({ event: 'code.verified', outcome: 'ok', clientId: client.id, loginId: id });
  return login.status === 'completing' ? finishLogin(deps, login) : login;
}

function check(deps: FlowDeps, login: LoginRecord, presented: string, now: Date) {
  const status = currentStatus(login, now);
  const otp = login.otp;
  if (status !== 'otp_required' || !otp || otp.verified) throw InvalidTransition({ login_status: status });
  if (!otp.codeHash || !otp.expiresAt || new Date(otp.expiresAt) <= now) throw CodeExpired();
  if (sameHash(otp.codeHash, presented)) return { next: verified(login), outcome: { ok: true } as Check };
  const { maxAttempts, maxAttemptsPerLogin } = deps.config.otp;
  const attempts = otp.attempts + 1;
  const totalAttempts = otp.totalAttempts + 1;
  const attemptsLeft = Math.max(Math.min(maxAttempts - attempts, maxAttemptsPerLogin - totalAttempts), 0);
  const locked = attemptsLeft === 0;
  const counted = { ...otp, attempts, totalAttempts };
  const next: LoginRecord = locked
    ? { ...login, status: 'rejected', error: 'otp_locked', otp: { ...counted, codeHash: null } }
    : { ...login, otp: counted };
  return { next, outcome: { ok: false, attemptsLeft, locked } as Check };
}

function verified(login: LoginRecord): LoginRecord {
  const otp = { ...(login.otp as NonNullable<LoginRecord['otp']>), codeHash: null, verified: true };
  if (!login.linkedProfileId) return { ...login, otp, status: 'choose_profile' };
  const completion = { kind: 'linked' as const, profileId: login.linkedProfileId, amr: ['esia', 'otp'] };
  return { ...login, otp, status: 'completing', completion };
}
