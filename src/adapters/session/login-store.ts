// Logins as JSON in the SessionStore. Personal fields (the person, candidates, the
// prefill, code destinations, the result) are sealed into one encrypted field bound
// to the login id; a login still waiting for the provider holds none and stays small.

import { LoginConflict, LoginNotFound } from '../../domain/errors.js';
import type { LoginRecord, OtpState } from '../../domain/login.js';
import { isTerminal } from '../../domain/login-status.js';
import type { LoginMetrics } from '../../observability/metrics.js';
import type { Change, LoginStore } from '../../ports/login-store.js';
import type { Sealer } from '../../ports/sealer.js';
import { storeKey, type SessionStore } from '../../ports/session-store.js';

/** A finished login stays readable this long after its deadline, then disappears. */
const RETENTION_MS = 60 * 60 * 1000;
const MAX_ATTEMPTS = 200;

// The age group and a rejection's reason are sealed too: "parental_consent_required"
// in clear would tell a reader of Redis that a child is logging in.
type Personal = Pick<LoginRecord, 'providerPerson' | 'person' | 'ageGroup' | 'error' | 'candidates' | 'prefill' | 'newContact' | 'result'> & {
  destinations: Pick<OtpState, 'destination' | 'alternatives'> | null;
};

type Stored = Omit<LoginRecord, keyof Personal | 'otp'> & {
  otp: Omit<OtpState, 'destination' | 'alternatives'> | null;
  sealed: string | null;
};

// Fields left null are not written (a pending login is most of its fields unset);
// reading puts them back. The records are built field by field, not by spreading
// and destructuring: objects of one fixed shape serialize four times faster, and
// JSON.stringify with a replacer function takes its slow path.
function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value === null) continue;
    kept[key] = typeof value === 'object' && !Array.isArray(value) ? withoutNulls(value as Record<string, unknown>) : value;
  }
  return kept;
}

function storedFields(login: LoginRecord, otp: Stored['otp'], sealed: string | null): Stored {
  return {
    id: login.id,
    clientId: login.clientId,
    status: login.status,
    createdAt: login.createdAt,
    expiresAt: login.expiresAt,
    returnTo: login.returnTo,
    locale: login.locale,
    clientState: login.clientState,
    provider: login.provider,
    state: login.state,
    binderHash: login.binderHash,
    claimed: login.claimed,
    handoffHash: login.handoffHash,
    linkedProfileId: login.linkedProfileId,
    otp,
    completion: login.completion,
    sealed,
  };
}

const nothingPersonal = (): Personal => ({ providerPerson: null, person: null, ageGroup: null, error: null, candidates: [], prefill: null, newContact: null, result: null, destinations: null });

// `s` as parsed: the fields written as null are absent, hence the `?? null`.
function record(s: Stored, personal: Personal): LoginRecord {
  const otp = s.otp && personal.destinations ? { ...s.otp, ...personal.destinations } : null;
  return {
    id: s.id,
    clientId: s.clientId,
    status: s.status,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    returnTo: s.returnTo,
    locale: s.locale,
    clientState: s.clientState ?? null,
    provider: s.provider,
    state: s.state ?? null,
    binderHash: s.binderHash ?? null,
    claimed: s.claimed,
    handoffHash: s.handoffHash ?? null,
    providerPerson: personal.providerPerson,
    person: personal.person,
    ageGroup: personal.ageGroup,
    linkedProfileId: s.linkedProfileId ?? null,
    candidates: personal.candidates,
    prefill: personal.prefill,
    newContact: personal.newContact,
    otp,
    completion: s.completion ?? null,
    result: personal.result,
    error: personal.error,
  };
}

function holdsPersonalData(p: Personal): boolean {
  return Boolean(p.providerPerson || p.person || p.ageGroup || p.error || p.candidates.length > 0 || p.prefill || p.newContact || p.result || p.destinations);
}

/**
 * `metrics` counts logins started (created) and finished: a change that moves a login
 * to a final status, counted once (by the one compare-and-set that wins).
 */
export function sessionLoginStore(
  store: SessionStore,
  sealer: Sealer,
  clock: () => Date = () => new Date(),
  metrics?: LoginMetrics,
): LoginStore {
  const key = (id: string) => storeKey('login', id);
  const profileKey = (profileId: string) => storeKey('profile-logins', profileId);
  const ttl = (login: LoginRecord) => Math.max(new Date(login.expiresAt).getTime() - clock().getTime(), 0) + RETENTION_MS;

  function serialize(login: LoginRecord): string {
    const otp = login.otp;
    const personal: Personal = {
      providerPerson: login.providerPerson,
      person: login.person,
      ageGroup: login.ageGroup,
      error: login.error,
      candidates: login.candidates,
      prefill: login.prefill,
      newContact: login.newContact,
      result: login.result,
      destinations: otp ? { destination: otp.destination, alternatives: otp.alternatives } : null,
    };
    const counters = otp
      ? { codeHash: otp.codeHash, expiresAt: otp.expiresAt, attempts: otp.attempts, totalAttempts: otp.totalAttempts, sends: otp.sends, lastSentAt: otp.lastSentAt, delivery: otp.delivery, verified: otp.verified }
      : null;
    const sealed = holdsPersonalData(personal) ? sealer.seal(JSON.stringify(personal), login.id) : null;
    return JSON.stringify(withoutNulls(storedFields(login, counters, sealed) as unknown as Record<string, unknown>));
  }

  // The stored text of each record this store handed out: a change that starts from a
  // record just read compares against it instead of reading the login again.
  const stored = new WeakMap<LoginRecord, string>();
  const remember = (login: LoginRecord, raw: string) => (stored.set(login, raw), login);

  function parse(raw: string): LoginRecord {
    const fields = JSON.parse(raw) as Stored;
    const personal = fields.sealed ? (JSON.parse(sealer.open(fields.sealed, fields.id)) as Personal) : nothingPersonal();
    return remember(record(fields, personal), raw);
  }

  return {
    async find(id) {
      const raw = await store.get(key(id));
      return raw ? parse(raw) : null;
    },

    async create(login) {
      const raw = serialize(login);
      if (!(await store.setIfAbsent(key(login.id), raw, ttl(login)))) throw LoginConflict();
      remember(login, raw);
      metrics?.loginStarted();
    },

    async change<T>(id: string, decide: (login: LoginRecord) => Change<T>, seen?: LoginRecord) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const known = attempt === 0 && seen?.id === id ? stored.get(seen) : undefined;
        const raw = known ?? (await store.get(key(id)));
        if (!raw) throw LoginNotFound();
        const current = known && seen ? seen : parse(raw);
        let decided: Change<T>;
        try {
          decided = decide(current);
        } catch (err) {
          // A refusal must come from what is stored now, not from a copy: decide again.
          if (known) continue;
          throw err;
        }
        const { next, outcome } = decided;
        if (!next) {
          if (known) continue;
          return { login: current, outcome };
        }
        const serialized = serialize(next);
        if (await store.compareAndSet(key(id), raw, serialized, ttl(next))) {
          if (next.status !== current.status && isTerminal(next.status)) metrics?.loginFinished(next.status, next.error);
          return { login: remember(next, serialized), outcome };
        }
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt + 1, 20)));
      }
      throw LoginConflict();
    },

    async delete(id) {
      await store.delete(key(id));
    },

    async rememberProfile(profileId, login) {
      await store.addMember(profileKey(profileId), login.id, ttl(login));
    },

    async eraseProfileLogins(profileId) {
      const ids = await store.members(profileKey(profileId));
      for (const id of ids) await store.delete(key(id));
      await store.delete(profileKey(profileId));
      return ids;
    },
  };
}
