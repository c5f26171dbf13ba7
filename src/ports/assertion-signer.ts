// Signs the result a client receives when a login completes, and publishes the keys
// that verify it.

import type { AgeGroup } from '../domain/age.js';
import type { ProfileRecord } from '../domain/person.js';

export interface AssertionInput {
  audience: string;
  profile: ProfileRecord;
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
