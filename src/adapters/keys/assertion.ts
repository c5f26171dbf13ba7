// The signed result of a login, handed to the client backend: a JWT "assertion"
// signed with ES256 by the key ring's first key.
//
// Header: { "alg": "ES256", "kid": "<signing kid>", "typ": "JWT" }
// Claims:
//   iss          the service's public URL
//   aud          the API client id
//   sub          the profile id
//   iat, exp     seconds; exp = iat + 300 (5 minutes) unless told otherwise
//   jti          random UUID, so a client can refuse a replay
//   amr          ["esia", "otp"] or ["esia"]
//   age_group    "adult" | "minor_14_17" | "minor_under_14"
//   verified     what the provider verified: provider (its issuer), subject (the
//                ESIA oid), family_name, given_name, middle_name, birthdate, gender,
//                phone_number, email (the contacts the provider verified; absent
//                fields are left out)
//   profile      what the profile holds, as registered (not verified by anyone):
//                family_name, given_name, middle_name, birthdate, gender,
//                phone_number, email (a profile always has a phone or an e-mail)
// The two are kept apart on purpose: a profile registered by hand may say anything,
// and nothing it says is presented as verified.
//
// Clients verify it with the keys of GET /.well-known/jwks.json, accepting only ES256
// and checking iss, aud and exp; verifyAssertion() below does exactly that.

import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { AgeGroup } from '../../domain/age.js';
import type { Gender, ProfileRecord } from '../../domain/person.js';
import type { VerifiedPerson } from '../../ports/assertion-signer.js';
import type { KeyRing } from './key-ring.js';

export const ASSERTION_TTL_SECONDS = 300;

const AGE_GROUPS: readonly AgeGroup[] = ['adult', 'minor_14_17', 'minor_under_14'];

export type AssertionProfile = ProfileRecord;

export interface AssertionInput {
  issuer: string;
  audience: string;
  profile: AssertionProfile;
  verified: VerifiedPerson;
  amr: string[];
  ageGroup: AgeGroup;
  now: Date;
  ttlSeconds?: number;
}

export interface PersonClaims {
  family_name?: string;
  given_name?: string;
  middle_name?: string;
  birthdate?: string;
  gender?: Gender;
  phone_number?: string;
  email?: string;
}

export interface AssertionClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  amr: string[];
  age_group: AgeGroup;
  verified: PersonClaims & { provider: string; subject: string };
  profile: PersonClaims;
}

export async function issueAssertion(ring: KeyRing, input: AssertionInput): Promise<string> {
  const { issuer, audience, profile, verified, amr, ageGroup, now, ttlSeconds = ASSERTION_TTL_SECONDS } = input;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive whole number: ${ttlSeconds}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  if (amr.length === 0) throw new RangeError('amr must name at least one method');
  if (profile.phone === null && profile.email === null) throw new RangeError('the profile has no contact');

  const iat = Math.floor(now.getTime() / 1000);
  const claims: AssertionClaims = {
    iss: issuer,
    aud: audience,
    sub: profile.id,
    iat,
    exp: iat + ttlSeconds,
    jti: randomUUID(),
    amr: [...amr],
    age_group: ageGroup,
    verified: { provider: verified.provider, subject: verified.subject, ...personClaims(verified) },
    profile: personClaims(profile),
  };
  return ring.sign({ ...claims }, { typ: 'JWT' });
}

type PersonFields = Pick<ProfileRecord, 'phone' | 'email'> & {
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  birthdate: string | null;
  gender: Gender | null;
};

function personClaims(p: PersonFields): PersonClaims {
  const claims: Record<string, string | null> = {
    family_name: p.familyName,
    given_name: p.givenName,
    middle_name: p.middleName,
    birthdate: p.birthdate,
    gender: p.gender,
    phone_number: p.phone,
    email: p.email,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== null)) as PersonClaims;
}

export interface VerifyAssertionOptions {
  issuer: string;
  audience: string;
  /** The clock to check exp/iat against; the real one unless given. */
  now?: Date;
  clockToleranceSeconds?: number;
}

/**
 * Verifies an assertion as a client backend should: ES256 only, a key of the
 * published JWK Set, typ JWT, the expected iss and aud, not expired. Throws a jose
 * error (JWSSignatureVerificationFailed, JWTClaimValidationFailed, JWTExpired,
 * JWKSNoMatchingKey …) when it is not acceptable.
 */
export async function verifyAssertion(
  token: string,
  jwks: { keys: readonly JWK[] },
  options: VerifyAssertionOptions,
): Promise<AssertionClaims> {
  const keySet = createLocalJWKSet({ keys: [...jwks.keys] });
  const { payload } = await jwtVerify(token, keySet, {
    algorithms: ['ES256'],
    issuer: options.issuer,
    audience: options.audience,
    typ: 'JWT',
    requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'amr', 'age_group', 'verified', 'profile'],
    ...(options.now ? { currentDate: options.now } : {}),
    ...(options.clockToleranceSeconds !== undefined ? { clockTolerance: options.clockToleranceSeconds } : {}),
  });
  const p = payload as Record<string, unknown>;
  if (typeof p.aud !== 'string') throw new Error('assertion aud must be a single client id');
  if (!Array.isArray(p.amr) || !p.amr.every((m) => typeof m === 'string')) throw new Error('assertion amr must be a list of strings');
  if (!AGE_GROUPS.includes(p.age_group as AgeGroup)) throw new Error('assertion age_group is not known');
  return payload as unknown as AssertionClaims;
}
