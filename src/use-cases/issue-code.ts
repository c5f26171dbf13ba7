// Issuing a one-time code, shared by the claim (the first code) and the re-send
// step. Limits: a cooldown between sends (waived when the last delivery failed), a
// number of re-sends per login, and hourly counts per destination and per subject,
// kept under keyed hashes. The code is stored only as an HMAC bound to the login.
// A channel switch (SMS failed, e-mail also verified) is the person's explicit
// choice; phone stays the default.

import { ChannelUnavailable, InvalidTransition, RateLimited, ResendCooldown, ResendLimit } from '../domain/errors.js';
import { currentStatus, maskDestination, resendAvailableAt, type LoginRecord, type OtpState } from '../domain/login.js';
import type { Destination } from '../domain/rules.js';
import type { Channel } from '../ports/delivery.js';
import { storeKey } from '../ports/session-store.js';
import type { FlowDeps } from './flow-deps.js';
import { codeHash, counterKey, generateCode } from './secrets.js';

const HOUR_MS = 60 * 60 * 1000;

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
  }, seen);
  const report = await deps.codes.send({
    channel: otp.destination.channel,
    destination: otp.destination.destination,
    code,
    locale: login.locale,
    validForSeconds: deps.config.otp.ttlSeconds,
    loginId: login.id,
    log: deps.logger,
  });
  await deps.audit.record({
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
    login,
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
  const toKey = storeKey('sends-to', counterKey(policy.secret, destination.destination));
  const forKey = storeKey('sends-for', counterKey(policy.secret, `${login.provider}\n${login.person?.subject}`));
  const perDestination = await deps.store.increment(toKey, HOUR_MS);
  const perSubject = await deps.store.increment(forKey, HOUR_MS);
  const over = [perDestination > policy.sendsPerDestinationPerHour ? toKey : null, perSubject > policy.sendsPerSubjectPerHour ? forKey : null];
  const limited = over.filter((k): k is string => k !== null);
  if (limited.length === 0) return;
  const waits = await Promise.all(limited.map((k) => deps.store.ttl(k)));
  const retryAfter = Math.max(1, ...waits.map((ms) => Math.ceil((ms ?? HOUR_MS) / 1000)));
  deps.logger.info({ event: 'code.rate_limited', retryAfter }, 'a code send was refused by the hourly limit');
  await deps.audit.record({ event: 'code.limited', outcome: 'rate_limited', clientId: login.clientId, loginId: login.id });
  throw RateLimited({ retry_after: retryAfter }, { 'retry-after': String(retryAfter) });
}
