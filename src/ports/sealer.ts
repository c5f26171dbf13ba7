// Encrypts personal data kept in the session store, so that a copy of Redis (a
// dump, a replica, a backup) does not reveal who is logging in. `context` binds a
// sealed value to its owner (a login id): it cannot be moved to another record.

export interface Sealer {
  seal(plaintext: string, context: string): string;
  /** Throws when the value was not sealed with this key and context. */
  open(sealed: string, context: string): string;
}
