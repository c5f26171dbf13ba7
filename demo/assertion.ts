// An integrator never trusts a completed login on its word: it verifies the signed
// assertion with the service's published keys (JWKS) before it signs anyone in.
// Only ES256 is accepted; the issuer must be the service and the audience this client;
// `sub` must be the profile the login reported.

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type AssertionClaims = JWTPayload & { sub: string; amr?: string[]; age_group?: string };

export class AssertionRejected extends Error {
  constructor(reason: string) {
    super(`assertion rejected: ${reason}`);
    this.name = 'AssertionRejected';
  }
}

export function assertionVerifier(serviceUrl: string, clientId: string) {
  // jose caches the keys and refetches them when a token names an unknown kid.
  const keys = createRemoteJWKSet(new URL(`${serviceUrl}/.well-known/jwks.json`));
  return async (token: string, profileId: string): Promise<AssertionClaims> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: serviceUrl, audience: clientId, algorithms: ['ES256'] }));
    } catch (err) {
      throw new AssertionRejected((err as Error).message);
    }
    if (payload.sub !== profileId) throw new AssertionRejected('sub is not the profile of the login');
    return payload as AssertionClaims;
  };
}

export type AssertionVerifier = ReturnType<typeof assertionVerifier>;
