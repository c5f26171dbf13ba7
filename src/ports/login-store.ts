// Where logins live between requests. Every change is a compare-and-set of the
// whole record: a step reads, decides with a pure function, and writes only if
// nobody changed the login meanwhile; otherwise it decides again on the fresh
// record. That makes each step atomic on every implementation.

import type { LoginRecord } from '../domain/login.js';

export interface Change<T> {
  next: LoginRecord | null;
  /** What the step reports to its caller once the change is stored. */
  outcome: T;
}

export interface LoginStore {
  find(id: string): Promise<LoginRecord | null>;
  /** Throws `login_conflict` when the id exists. */
  create(login: LoginRecord): Promise<void>;
  /**
   * Applies `decide` atomically. `decide` must be pure (it may run several times);
   * it returns the next record (null: nothing to write) and an outcome, or throws.
   * Throws `login_not_found` when there is no such login. `seen`, a record this store
   * just returned, spares reading the login again when it is still current.
   */
  change<T>(id: string, decide: (login: LoginRecord) => Change<T>, seen?: LoginRecord): Promise<{ login: LoginRecord; outcome: T }>;
  delete(id: string): Promise<void>;
  /** Records that a login holds data of a profile, so that erasing the profile finds it. */
  rememberProfile(profileId: string, login: LoginRecord): Promise<void>;
  /** Deletes every login that holds data of the profile; returns their ids. */
  eraseProfileLogins(profileId: string): Promise<string[]>;
}
