// Sends (or re-sends) the one-time code. Limits: a cooldown between sends (waived
// when the last delivery failed), a number of re-sends per login, and hourly
// counts per destination and per subject. The code is stored only as an HMAC.
// A channel switch (SMS failed, e-mail also verified) is the person's explicit
// choice; phone stays the default.

import { ChannelUnavailable, InvalidTransition, ResendCooldown, ResendLimit, SendLimit } from '../domain/errors.js';
import { currentStatus, maskDestination, resendAvailableAt, type LoginRecord, type OtpState } from '../domain/login.js';
import type { Destination } from '../domain/rules.js';
import type { Channel } from '../ports/delivery.js';
import { storeKey } from '../ports/session-store.js';
import { assertClaimed, loginOf } from './client-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { codeHash, generateCode, tokenHash } from './secrets.js';

const HOUR_MS = 60 * 60 * 1000;

export async function sendCode(deps: FlowDeps, client: ClientRef, id: string, channel?: Channel): Promise<LoginRecord> {
  const login = await loginOf(deps, client, id);
  assertClaimed(login);
  return deliver(deps, login, channel);
}

/** Issues a new code and delivers it; also the first send made by the claim. */
export async function deliver(deps: FlowDeps, seen: LoginRecord, channel?: Channel): Promise<LoginRecord> {
  const code = generateCode();
  const now = deps.clock();
  // Refusals that cost nothing (cooldown, limits per login) come before the hourly
  // counters, so a refused request does not use up the hour's quota.
  const planned = issue(deps, seen, channel, '', now);
  await enforceHourlyLimits(deps, seen, planned.destination);
  const loginId = seen.id;
  const { login, outcome: otp } = await deps.logins.change(loginId, (current) => {
    const next = issue(deps, current, channel, codeHash(deps.config.otp.secret, current.id, code), now);
    return { next: { ...current, otp: next }, outcome: next };
  });
  const report = await deps.codes.send({
    channel: otp.destination.channel,
    destination: otp.destination.destination,
    code,
    locale: login.locale,
    validForSeconds: deps.config.otp.ttlSeconds,
    loginId: login.id,
  });
  await deps.audit({
    event: 'code.sent',
    outcome: report.status,
    clientId: login.clientId,
    loginId: login.id,
    details: { channel: otp.destination.channel, destination: maskDestination(otp.destination), attempts: report.attempts, error: report.error ?? null },
  });
  const { login: updated } = await deps.logins.change(loginId, (current) =>
    current.otp?.lastSentAt === otp.lastSentAt
      ? { next: { ...current, otp: { ...current.otp, delivery: report.status } }, outcome: null }
      : { next: null, outcome: null },
  );
  return updated;
}

function issue(deps: FlowDeps, login: LoginRecord, channel: Channel | undefined, hash: string, now: Date): OtpState {
  const status = currentStatus(login, now);
  const otp = login.otp;
  if (status !== 'otp_required' || !otp || otp.verified) throw InvalidTransition({ login_status: status });
  const policy = deps.config.otp;
  const destination = chooseDestination(otp, channel);
  if (otp.sends > policy.maxResends) throw ResendLimit();
  const availableAt = resendAvailableAt(otp, policy);
  if (availableAt > now) {
    const wait = Math.ceil((availableAt.getTime() - now.getTime()) / 1000);
    throw ResendCooldown({ retry_after: wait }, { 'retry-after': String(wait) });
  }
  const others = [otp.destination, ...otp.alternatives].filter((d) => d !== destination);
  return {
    ...otp,
    destination,
    alternatives: others,
    codeHash: hash,
    expiresAt: new Date(now.getTime() + policy.ttlSeconds * 1000).toISOString(),
    attempts: 0,
    sends: otp.sends + 1,
    lastSentAt: now.toISOString(),
    delivery: 'pending',
  };
}

function chooseDestination(otp: OtpState, channel: Channel | undefined): Destination {
  if (!channel || channel === otp.destination.channel) return otp.destination;
  const alternative = otp.alternatives.find((d) => d.channel === channel);
  if (!alternative || otp.delivery !== 'failed') throw ChannelUnavailable({ channel });
  return alternative;
}

async function enforceHourlyLimits(deps: FlowDeps, login: LoginRecord, destination: Destination): Promise<void> {
  const policy = deps.config.otp;
  const perDestination = await deps.store.increment(storeKey('sends-to', tokenHash(destination.destination)), HOUR_MS);
  const perSubject = await deps.store.increment(storeKey('sends-for', tokenHash(`${login.provider}\n${login.person?.subject}`)), HOUR_MS);
  if (perDestination > policy.sendsPerDestinationPerHour || perSubject > policy.sendsPerSubjectPerHour) {
    await deps.audit({ event: 'code.limited', outcome: 'send_limit', clientId: login.clientId, loginId: login.id });
    throw SendLimit({}, { 'retry-after': '3600' });
  }
}
