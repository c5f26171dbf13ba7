// One key that signs login assertions: a non-extractable ES256 private key and the
// public JWK that /.well-known/jwks.json publishes for it.

import { importJWK, type CryptoKey } from 'jose';

export const SIGNING_ALG = 'ES256';

/**
 * What /.well-known/jwks.json publishes for one key: never a private part. A type
 * alias, not an interface, so it also fits Record<string, unknown>.
 */
export type PublicJWK = {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
};

export interface SigningKey {
  kid: string;
  alg: 'ES256';
  /** Non-extractable Web Crypto key. */
  privateKey: CryptoKey;
  publicJwk: PublicJWK;
}

export interface PrivateJWK {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

export async function importSigningKey(kid: string, jwk: PrivateJWK): Promise<SigningKey> {
  const privateKey = await importJWK({ ...jwk, alg: SIGNING_ALG }, SIGNING_ALG, { extractable: false });
  if (privateKey instanceof Uint8Array) throw new Error('an EC key imported as a secret');
  const { kty, crv, x, y } = jwk;
  return { kid, alg: SIGNING_ALG, privateKey, publicJwk: { kty, crv, x, y, kid, alg: SIGNING_ALG, use: 'sig' } };
}
