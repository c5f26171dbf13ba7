// Reading and checking ASSERTION_SIGNING_KEYS, the configured keys that sign login
// assertions (key-ring.ts says which one signs and how to rotate them).
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

import { importSigningKey, type PrivateJWK, type SigningKey } from './signing-key.js';
import { isRecord, quote, readJwk, readPemEntry, type Entry } from './signing-key-entry.js';

interface ReadKey {
  kid: string;
  privateJwk: PrivateJWK;
}

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

function readPemList(text: string, problems: string[]): Entry[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return entries.map((entry, i) => readPemEntry(entry, i + 1, problems));
}
