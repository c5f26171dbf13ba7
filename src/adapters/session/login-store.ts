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
// reading puts them back. Copied without them rather than dropped by a replacer
// function: JSON.stringify with a replacer takes its slow path, twice the cost.
function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value === null) continue;
    kept[key] = typeof value === 'object' && !Array.isArray(value) ? withoutNulls(value as Record<string, unknown>) : value;
  }
  return kept;
}
const ABSENT = {
  clientState: null,
  state: null,
  binderHash: null,
  handoffHash: null,
  linkedProfileId: null,
  otp: null,
  completion: null,
  sealed: null,
} satisfies Partial<Stored>;

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
    const { providerPerson, person, ageGroup, error, candidates, prefill, newContact, result, otp, ...rest } = login;
    const { destination, alternatives, ...counters } = otp ?? ({} as Partial<OtpState>);
    const personal: Personal = {
      providerPerson,
      person,
      ageGroup,
      error,
      candidates,
      prefill,
      newContact,
      result,
      destinations: destination && alternatives ? { destination, alternatives } : null,
    };
    const stored: Stored = {
      ...rest,
      otp: otp ? (counters as Stored['otp']) : null,
      sealed: holdsPersonalData(personal) ? sealer.seal(JSON.stringify(personal), login.id) : null,
    };
    return JSON.stringify(withoutNulls(stored as unknown as Record<string, unknown>));
  }

  // The stored text of each record this store handed out: a change that starts from a
  // record just read compares against it instead of reading the login again.
  const stored = new WeakMap<LoginRecord, string>();
  const remember = (login: LoginRecord, raw: string) => (stored.set(login, raw), login);

  function parse(raw: string): LoginRecord {
    const { sealed, otp, ...rest } = { ...ABSENT, ...(JSON.parse(raw) as Partial<Stored>) } as Stored;
    const personal: Personal = sealed
      ? (JSON.parse(sealer.open(sealed, rest.id)) as Personal)
      : { providerPerson: null, person: null, ageGroup: null, error: null, candidates: [], prefill: null, newContact: null, result: null, destinations: null };
    const { destinations, ...fields } = personal;
    return remember({ ...rest, ...fields, otp: otp && destinations ? { ...otp, ...destinations } : null }, raw);
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
