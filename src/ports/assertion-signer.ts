// Signs the result a client receives when a login completes, and publishes the keys
// that verify it.

import type { AgeGroup } from '../domain/age.js';
import type { LoginPerson } from '../domain/login.js';
import type { ProfileRecord } from '../domain/person.js';

/** What the provider verified about the person (its issuer and subject, names, birth date, sex, contacts). */
export interface VerifiedPerson extends LoginPerson {
  provider: string;
}

export interface AssertionInput {
  audience: string;
  profile: ProfileRecord;
  verified: VerifiedPerson;
  amr: string[];
  ageGroup: AgeGroup;
  now: Date;
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: string;
  use: string;
}

export interface AssertionSigner {
  issue(input: AssertionInput): Promise<string>;
  jwks(): { keys: PublicJwk[] };
}
