// The keys that sign login assertions (ES256 JWTs given to client backends) and the
// JWK Set that publishes them at /.well-known/jwks.json.
//
// ASSERTION_SIGNING_KEYS holds one or more EC P-256 private keys, each with a kid,
// in either of two forms:
//
//   1. A JWK Set (the value starts with "{"):
//        {"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","d":"…","kid":"2025-11"}]}
//      "alg" (if given) must be ES256 and "use" (if given) must be "sig".
//
//   2. A comma-separated list of kid:PEM entries, where PEM is a PKCS#8 private key
//      ("-----BEGIN PRIVATE KEY-----", as made by
//      `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`), base64-encoded
//      on one line (`base64 -w0 key.pem`) or pasted as it is:
//        2025-11:LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJ…,2025-05:LS0tLS1CRUdJTi…
//      A kid is the text before the first ":" (no spaces, no commas).
//
// The FIRST key signs; every key is published. Rotation takes three deployments:
//   1. append the new key (published, not yet signing: client JWKS caches learn it);
//   2. move it to first place (it signs; the old key is still published, so assertions
//      issued just before keep verifying);
//   3. once the old assertions have expired (5 minutes) and client caches have
//      refreshed, remove the old key.
//
// Without configured keys, development uses devSigningKeys(): one key generated on
// first start and kept in Postgres (signing_keys). Production keys are never stored.

import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import type pg from 'pg';
import { inTransaction, type Queryable } from '../postgres/queryable.js';

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

interface PrivateJWK {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

interface ReadKey {
  kid: string;
  privateJwk: PrivateJWK;
}

// ---------------------------------------------------------------------------
// Configuration

/**
 * Everything wrong with an ASSERTION_SIGNING_KEYS value, as sentences that read after
 * the variable name ("… key 2 (kid "old") is a public key: …"); empty when it is
 * usable. Never repeats key material.
 */
export function checkSigningKeys(text: string): string[] {
  return readSigningKeys(text).problems;
}

/** The keys of an ASSERTION_SIGNING_KEYS value, first one signing; throws listing every problem. */
export async function parseSigningKeys(text: string): Promise<SigningKey[]> {
  const { keys, problems } = readSigningKeys(text);
  if (problems.length > 0) throw new Error(`invalid signing keys: ${problems.join('; ')}`);
  return Promise.all(keys.map((k) => importSigningKey(k.kid, k.privateJwk)));
}

function readSigningKeys(text: string): { keys: ReadKey[]; problems: string[] } {
  const problems: string[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return { keys: [], problems: ['is empty'] };
  const entries = trimmed.startsWith('{') ? readJwkSet(trimmed, problems) : readPemList(trimmed, problems);
  if (entries === null) return { keys: [], problems };
  if (entries.length === 0) problems.push('holds no key');

  const seen = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.kid !== null) seen.set(e.kid, [...(seen.get(e.kid) ?? []), i + 1]);
  });
  for (const [kid, positions] of seen) {
    if (positions.length > 1) problems.push(`uses kid ${quote(kid)} for more than one key (keys ${positions.join(', ')})`);
  }

  const keys: ReadKey[] = [];
  for (const e of entries) if (e.kid !== null && e.privateJwk) keys.push({ kid: e.kid, privateJwk: e.privateJwk });
  return { keys, problems };
}

interface Entry {
  kid: string | null;
  privateJwk: PrivateJWK | null;
}

function readJwkSet(text: string, problems: string[]): Entry[] | null {
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch {
    // Not the parser's message: it may quote part of the value, which holds private keys.
    problems.push('is not valid JSON (expected a JWK Set: {"keys":[…]})');
    return null;
  }
  if (!isRecord(set) || !Array.isArray(set.keys)) {
    problems.push('must be a JWK Set: {"keys":[…]}');
    return null;
  }
  return set.keys.map((jwk, i) => readJwk(jwk, i + 1, problems));
}

function readJwk(jwk: unknown, position: number, problems: string[]): Entry {
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

function readPemList(text: string, problems: string[]): Entry[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return entries.map((entry, i) => readPemEntry(entry, i + 1, problems));
}

function readPemEntry(entry: string, position: number, problems: string[]): Entry {
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

function quote(text: string): string {
  return JSON.stringify(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function importSigningKey(kid: string, jwk: PrivateJWK): Promise<SigningKey> {
  const privateKey = await importJWK({ ...jwk, alg: SIGNING_ALG }, SIGNING_ALG, { extractable: false });
  if (privateKey instanceof Uint8Array) throw new Error('an EC key imported as a secret');
  const { kty, crv, x, y } = jwk;
  return { kid, alg: SIGNING_ALG, privateKey, publicJwk: { kty, crv, x, y, kid, alg: SIGNING_ALG, use: 'sig' } };
}

// ---------------------------------------------------------------------------
// Key ring

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
  if (duplicate !== undefined) throw new Error(`two signing keys share kid ${quote(duplicate)}`);
  for (const k of keys) if (k.alg !== SIGNING_ALG) throw new Error(`signing key ${quote(k.kid)} is not ${SIGNING_ALG}`);
  const published = keys.map((k) => k.publicJwk);

  return {
    signingKid: first.kid,
    kids: Object.freeze([...kids]),
    sign: (payload, opts = {}) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: SIGNING_ALG, kid: first.kid, typ: opts.typ ?? 'JWT' })
        .sign(first.privateKey),
    jwks: () => ({
      keys: published.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })),
    }),
  };
}

// ---------------------------------------------------------------------------
// Development key, kept in Postgres

interface KeyRow {
  kid: string;
  private_jwk: unknown;
}

const DEV_KEY_LOCK = `SELECT pg_advisory_xact_lock(hashtext('esia-bridge.signing_keys'))`;

/**
 * Development only: the active keys stored in signing_keys (newest first, so the
 * newest signs), generating and storing one ES256 key (kid = its JWK thumbprint)
 * when there is none. Processes starting at once serialize on an advisory lock and
 * end up with the same single key.
 */
export async function devSigningKeys(pool: pg.Pool): Promise<SigningKey[]> {
  let rows = await activeDevKeys(pool);
  if (rows.length === 0) {
    rows = await inTransaction(pool, async (client) => {
      await client.query(DEV_KEY_LOCK);
      const existing = await activeDevKeys(client);
      if (existing.length > 0) return existing;
      const { kid, privateJwk, publicJwk } = await generateDevKey();
      await client.query(
        `INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk) VALUES ($1, $2, $3::jsonb, $4::jsonb)
         ON CONFLICT (kid) DO NOTHING`,
        [kid, SIGNING_ALG, JSON.stringify(privateJwk), JSON.stringify(publicJwk)],
      );
      return activeDevKeys(client);
    });
  }
  return Promise.all(
    rows.map((row, i) => {
      const entry = readJwk({ ...(isRecord(row.private_jwk) ? row.private_jwk : {}), kid: row.kid }, i + 1, []);
      if (entry.kid === null || entry.privateJwk === null) {
        throw new Error(`signing_keys: stored key ${quote(row.kid)} is not a usable ES256 private key`);
      }
      return importSigningKey(entry.kid, entry.privateJwk);
    }),
  );
}

async function activeDevKeys(db: Queryable): Promise<KeyRow[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT kid, private_jwk FROM signing_keys
     WHERE retired_at IS NULL AND private_jwk IS NOT NULL AND alg = $1
     ORDER BY created_at DESC, kid`,
    [SIGNING_ALG],
  );
  return rows;
}

async function generateDevKey(): Promise<{ kid: string; privateJwk: PrivateJWK; publicJwk: PublicJWK }> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const { x, y, d } = jwk;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !x || !y || !d) throw new Error('generated key is not EC P-256');
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
  return {
    kid,
    privateJwk: { kty: 'EC', crv: 'P-256', x, y, d },
    publicJwk: { kty: 'EC', crv: 'P-256', x, y, kid, alg: SIGNING_ALG, use: 'sig' },
  };
}
