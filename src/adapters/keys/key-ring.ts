// The keys that sign login assertions (ES256 JWTs given to client backends) and the
// JWK Set that publishes them at /.well-known/jwks.json.
//
// The FIRST key signs; every key is published. Rotation takes three deployments:
//   1. append the new key (published, not yet signing: client JWKS caches learn it);
//   2. move it to first place (it signs; the old key is still published, so assertions
//      issued just before keep verifying);
//   3. once the old assertions have expired (5 minutes) and client caches have
//      refreshed, remove the old key.

import { sign } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { SIGNING_ALG, type PublicJWK, type SigningKey } from './signing-key.js';

export interface RingSignOptions {
  /** The JWS "typ" header; JWT unless given. */
  typ?: string;
}

export interface KeyRing {
  /** The kid of the key that signs (the first one). */
  readonly signingKid: string;
  /** Every published kid, signing one first. */
  readonly kids: readonly string[];
  /** A compact JWS of the payload with the first key; header { alg: ES256, kid, typ: JWT }. */
  sign(payload: JWTPayload, opts?: RingSignOptions): Promise<string>;
  /** The public JWK Set of every key, for /.well-known/jwks.json (a fresh copy each call). */
  jwks(): { keys: PublicJWK[] };
}

export function createKeyRing(keys: readonly SigningKey[]): KeyRing {
  const [first] = keys;
  if (!first) throw new Error('a key ring needs at least one signing key');
  const kids = keys.map((k) => k.kid);
  const duplicate = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (duplicate !== undefined) throw new Error(`two signing keys share kid ${JSON.stringify(duplicate)}`);
  for (const k of keys) if (k.alg !== SIGNING_ALG) throw new Error(`signing key ${JSON.stringify(k.kid)} is not ${SIGNING_ALG}`);
  const published = keys.map((k) => k.publicJwk);

  return {
    signingKid: first.kid,
    kids: Object.freeze([...kids]),
    // A compact JWS (RFC 7515 §7.1) signed on this thread: see signing-key.ts.
    sign: async (payload, opts = {}) => {
      const header = { alg: SIGNING_ALG, kid: first.kid, typ: opts.typ ?? 'JWT' };
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      const signature = sign('sha256', Buffer.from(input, 'ascii'), { key: first.privateKey, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
    jwks: () => ({
      keys: published.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })),
    }),
  };
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
