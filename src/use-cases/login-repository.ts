// Logins live in the SessionStore as JSON. Every change is a compare-and-set of the
// whole record: a step reads, decides with a pure function, and writes only if
// nobody changed the login meanwhile; otherwise it decides again on the fresh
// record. That makes each step atomic on Redis and in memory alike (50 concurrent
// code checks: one wins, the others see the new status).

import { LoginConflict, LoginNotFound } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import { storeKey, type SessionStore } from '../ports/session-store.js';

/** A finished login stays readable this long after its deadline, then disappears. */
const RETENTION_MS = 60 * 60 * 1000;
const MAX_ATTEMPTS = 200;

export interface Change<T> {
  next: LoginRecord | null;
  /** What the step reports to its caller once the change is stored. */
  outcome: T;
}

export function loginRepository(store: SessionStore) {
  const key = (id: string) => storeKey('login', id);
  const ttl = (login: LoginRecord) => Math.max(new Date(login.expiresAt).getTime() - Date.now(), 0) + RETENTION_MS;

  async function find(id: string): Promise<LoginRecord | null> {
    const raw = await store.get(key(id));
    return raw ? (JSON.parse(raw) as LoginRecord) : null;
  }

  return {
    find,

    async create(login: LoginRecord): Promise<void> {
      const written = await store.setIfAbsent(key(login.id), JSON.stringify(login), ttl(login));
      if (!written) throw LoginConflict();
    },

    /**
     * Applies `decide` atomically. `decide` must be pure (it may run several times);
     * it returns the next record (null: nothing to write) and an outcome, or throws.
     */
    async change<T>(id: string, decide: (login: LoginRecord) => Change<T>): Promise<{ login: LoginRecord; outcome: T }> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const raw = await store.get(key(id));
        if (!raw) throw LoginNotFound();
        const current = JSON.parse(raw) as LoginRecord;
        const { next, outcome } = decide(current);
        if (!next) return { login: current, outcome };
        const serialized = JSON.stringify(next);
        if (await store.compareAndSet(key(id), raw, serialized, ttl(next))) return { login: next, outcome };
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt + 1, 20)));
      }
      throw LoginConflict();
    },
  };
}

export type LoginRepository = ReturnType<typeof loginRepository>;
