// Step 2: the provider sends the person's browser back. The state is taken once;
// the provider adapter checks iss, exchanges the code and validates the ID token;
// the rules decide; the browser goes back to the client's return URL with the
// login id and a single-use handoff. A failure at the provider still returns the
// browser to the client, whose claim then shows why the login was rejected.

import { identityLinksRepository } from '../adapters/postgres/identity-links-repository.js';
import { profilesRepository } from '../adapters/postgres/profiles-repository.js';
import { moscowDate } from '../domain/age.js';
import { verifiedContacts } from '../domain/contacts.js';
import { BridgeError, InvalidState } from '../domain/errors.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { assertTransition } from '../domain/login-status.js';
import type { Person } from '../domain/person.js';
import { decide, type Decision } from '../domain/rules.js';
import { linkFor, resultFor } from './complete-login.js';
import type { FlowDeps } from './flow-deps.js';
import { randomToken, tokenHash } from './secrets.js';
import { authorizationKey, type PendingAuthorization } from './start-login.js';

const PROVIDER_FAILURES = new Set(['consent_denied', 'provider_unavailable', 'provider_response_invalid', 'incomplete_provider_data']);

export async function handleCallback(deps: FlowDeps, callbackUrl: URL): Promise<{ redirectTo: string }> {
  const state = callbackUrl.searchParams.get('state');
  const raw = state ? await deps.store.take(authorizationKey(state)) : null;
  if (!state || !raw) throw InvalidState();
  const pending = JSON.parse(raw) as PendingAuthorization;
  const login = await deps.logins.find(pending.loginId);
  if (!login || currentStatus(login, deps.clock()) !== 'awaiting_provider' || pending.issuer !== deps.provider.issuer) {
    throw InvalidState();
  }

  const update = await outcomeOf(deps, login, callbackUrl, { state, ...pending });
  const handoff = randomToken();
  await deps.logins.change(login.id, (current) => {
    assertTransition(currentStatus(current, deps.clock()), update.status);
    return { next: { ...current, ...update, handoffHash: tokenHash(handoff) }, outcome: null };
  });
  await deps.audit({
    event: 'login.callback',
    outcome: update.error ?? update.status,
    clientId: login.clientId,
    loginId: login.id,
    details: { age_group: update.ageGroup ?? null },
  });
  const back = new URL(login.returnTo);
  back.searchParams.set('login_id', login.id);
  back.searchParams.set('handoff', handoff);
  return { redirectTo: back.href };
}

type Update = Partial<LoginRecord> & Pick<LoginRecord, 'status'>;

async function outcomeOf(
  deps: FlowDeps,
  login: LoginRecord,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<Update> {
  let person: Person;
  try {
    ({ person } = await deps.provider.completeLogin(callbackUrl, expected));
  } catch (err) {
    if (err instanceof BridgeError && PROVIDER_FAILURES.has(err.code)) return { status: 'rejected', error: err.code };
    throw err;
  }
  const decision = decide(await factsFor(deps, person));
  return apply(deps, login, person, decision);
}

async function factsFor(deps: FlowDeps, person: Person) {
  const verified = verifiedContacts(person);
  const profiles = profilesRepository(deps.pool);
  return {
    person,
    today: moscowDate(deps.clock()),
    linkedProfile: await identityLinksRepository(deps.pool).findProfile(person.provider, person.subject),
    byPhone: verified.phone ? await profiles.findByPhone(verified.phone, person.provider) : [],
    byEmail: verified.email ? await profiles.findByEmail(verified.email, person.provider) : [],
    policy: {
      linkedLoginOtp: deps.config.login.linkedLoginOtp,
      channels: (['sms', 'email'] as const).filter((c) => deps.codes.has(c)),
    },
  };
}

async function apply(deps: FlowDeps, login: LoginRecord, person: Person, decision: Decision): Promise<Update> {
  const base = {
    provider: person.provider,
    person: {
      subject: person.subject,
      familyName: person.familyName,
      givenName: person.givenName,
      middleName: person.middleName,
      birthdate: person.birthdate,
      gender: person.gender,
    },
    ageGroup: decision.ageGroup ?? null,
  };
  switch (decision.kind) {
    case 'rejected':
      return { ...base, status: 'rejected', error: decision.error.code };
    case 'profile_review':
      return { ...base, status: 'profile_review', prefill: decision.prefill, newContact: decision.contact };
    case 'otp_required':
      return {
        ...base,
        status: 'otp_required',
        candidates: decision.candidates,
        otp: {
          destination: decision.destination,
          alternatives: decision.alternatives,
          codeHash: null,
          expiresAt: null,
          attempts: 0,
          sends: 0,
          lastSentAt: null,
          delivery: null,
          verified: false,
        },
      };
    case 'completed': {
      const withPerson = { ...login, ...base };
      const link = await linkFor(deps, withPerson, { kind: 'existing', profileId: decision.profile.id });
      return { ...base, status: 'completed', result: await resultFor(deps, withPerson, link, ['esia']) };
    }
  }
}
