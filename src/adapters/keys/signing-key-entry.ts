// One key of ASSERTION_SIGNING_KEYS (a JWK, or a kid:PEM entry) read into a checked
// EC P-256 private JWK, each problem added as a sentence naming the key by position
// and kid. Stored development keys are read the same way (dev-signing-keys.ts).

import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SIGNING_ALG, type PrivateJWK } from './signing-key.js';

/** One key as read: kid null when missing or unusable, privateJwk null when anything is wrong. */
export interface Entry {
  kid: string | null;
  privateJwk: PrivateJWK | null;
}

export function readJwk(jwk: unknown, position: number, problems: string[]): Entry {
  if (!isRecord(jwk)) {
    problems.push(`key ${position} is not a JSON object`);
    return { kid: null, privateJwk: null };
  }
  const kid = validKid(jwk.kid) ? jwk.kid : null;
  const name = keyName(position, kid);
  const mine: string[] = [];
  if (jwk.kid === undefined || jwk.kid === '') mine.push(`${name} has no kid`);
  else if (kid === null) mine.push(`${name} has an unusable kid (1 to 200 characters, no spaces)`);

  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    mine.push(`${name} must be an EC P-256 key for ES256, not ${describeJwkType(jwk)}`);
  } else if (typeof jwk.d !== 'string') {
    mine.push(`${name} is a public key: give the private key (with "d") to sign`);
  }
  if (jwk.alg !== undefined && jwk.alg !== SIGNING_ALG) mine.push(`${name} has alg ${short(jwk.alg)}: only ES256 is supported`);
  if (jwk.use !== undefined && jwk.use !== 'sig') mine.push(`${name} has use ${short(jwk.use)}: a signing key needs "sig"`);

  let privateJwk: PrivateJWK | null = null;
  if (mine.length === 0) {
    const { x, y, d } = jwk;
    let key: KeyObject | null = null;
    try {
      if (typeof x !== 'string' || typeof y !== 'string' || typeof d !== 'string') throw new TypeError('x, y, d');
      key = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x, y, d }, format: 'jwk' });
    } catch {
      mine.push(`${name} is not a valid EC P-256 private key`);
    }
    if (key) {
      privateJwk = exportPrivate(key);
      const consistent = publicPartMatches(privateJwk);
      if (consistent === null) mine.push(`${name} is not a valid EC P-256 private key`);
      else if (!consistent) mine.push(`${name} has a public part (x, y) that does not belong to its private part (d)`);
    }
  }
  problems.push(...mine);
  return { kid, privateJwk: mine.length === 0 ? privateJwk : null };
}

export function readPemEntry(entry: string, position: number, problems: string[]): Entry {
  const colon = entry.indexOf(':');
  const rawKid = colon < 0 ? '' : entry.slice(0, colon).trim();
  const body = colon < 0 ? entry : entry.slice(colon + 1).trim();
  const kid = validKid(rawKid) ? rawKid : null;
  const name = keyName(position, kid);

  if (rawKid === '') {
    problems.push(`${name} has no kid (expected kid:<base64 of PEM>)`);
    return { kid: null, privateJwk: null };
  }
  if (kid === null) {
    problems.push(`${name} has an unusable kid (1 to 200 characters, no spaces)`);
    return { kid: null, privateJwk: null };
  }
  const pem = decodePem(body);
  if (pem === null) {
    problems.push(`${name} is not a PEM key nor the base64 of one`);
    return { kid, privateJwk: null };
  }
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';
  if (label === 'ENCRYPTED PRIVATE KEY') {
    problems.push(`${name} is encrypted: give the unencrypted PKCS#8 key`);
    return { kid, privateJwk: null };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    problems.push(isPublicPem(pem) ? `${name} is a public key: give the private key (PKCS#8) to sign` : `${name} is not a readable PKCS#8 private key`);
    return { kid, privateJwk: null };
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const type = key.asymmetricKeyType === 'ec' ? `an EC ${curve ?? 'unknown-curve'} key` : `a ${key.asymmetricKeyType ?? 'unknown'} key`;
    problems.push(`${name} must be an EC P-256 key for ES256, not ${type}`);
    return { kid, privateJwk: null };
  }
  const privateJwk = exportPrivate(key);
  if (publicPartMatches(privateJwk) !== true) {
    problems.push(`${name} is not a valid EC P-256 private key`);
    return { kid, privateJwk: null };
  }
  return { kid, privateJwk };
}

// Node takes a JWK's x and y as given, so a d from another key (or an impossible d)
// would only fail at the first verification. The point is derived from d instead:
// null when d is not a P-256 private scalar, false when x/y are another point.
function publicPartMatches(jwk: PrivateJWK): boolean | null {
  const [x, y, d] = [jwk.x, jwk.y, jwk.d].map((v) => Buffer.from(v, 'base64url'));
  if (!x || !y || !d || x.length !== 32 || y.length !== 32 || d.length !== 32) return null;
  let point: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    point = ecdh.getPublicKey(null, 'uncompressed');
  } catch {
    return null;
  }
  return point.equals(Buffer.concat([Buffer.from([4]), x, y]));
}

function decodePem(body: string): string | null {
  if (body.startsWith('-----BEGIN ')) return body;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(body)) return null;
  const text = Buffer.from(body, 'base64').toString('utf8');
  return text.includes('-----BEGIN ') ? text : null;
}

function isPublicPem(pem: string): boolean {
  try {
    createPublicKey({ key: pem, format: 'pem' });
    return true;
  } catch {
    return false;
  }
}

function exportPrivate(key: KeyObject): PrivateJWK {
  const jwk = key.export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string, d: jwk.d as string };
}

function validKid(kid: unknown): kid is string {
  return typeof kid === 'string' && /^[^\s\p{Cc}]{1,200}$/u.test(kid);
}

function keyName(position: number, kid: string | null): string {
  return kid === null ? `key ${position}` : `key ${position} (kid ${quote(kid)})`;
}

function describeJwkType(jwk: Record<string, unknown>): string {
  const kty = jwk.kty === undefined ? 'no kty' : `kty ${short(jwk.kty)}`;
  return jwk.crv === undefined ? kty : `${kty}, crv ${short(jwk.crv)}`;
}

// Values named in problems are algorithm names, never key material, but are cut short anyway.
function short(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value;
  return quote(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

export function quote(text: string): string {
  return JSON.stringify(text);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
