// One key that signs login assertions: an ES256 private key and the public JWK that
// /.well-known/jwks.json publishes for it. A node:crypto KeyObject, not a Web Crypto
// key: Web Crypto hands every signature to the thread pool, and waking a pool thread
// for one signature cost more CPU than the signature itself (about 0.15 ms a login
// on the benchmark's machine). Web Crypto's non-extractable flag bought nothing
// here: the private JWK is in the service's configuration, in the same memory.

import { createPrivateKey, type KeyObject } from 'node:crypto';

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
  privateKey: KeyObject;
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
  const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`signing key ${JSON.stringify(kid)} is not a P-256 key`);
  }
  const { kty, crv, x, y } = jwk;
  return { kid, alg: SIGNING_ALG, privateKey, publicJwk: { kty, crv, x, y, kid, alg: SIGNING_ALG, use: 'sig' } };
}
