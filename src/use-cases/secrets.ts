// Random values and their keyed hashes. Codes and handoffs are stored only as HMACs,
// so a copy of the store reveals none of them.

import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

// Random bytes are drawn from a pool refilled 4 KiB at a time (as Node's randomUUID
// does): one call into the CSPRNG per 128 tokens instead of one per token. Each byte
// is handed out once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomChunk(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const chunk = pool.subarray(offset, offset + size);
  offset += size;
  return chunk;
}

/** 256 random bits, base64url. The pool keeps no copy of a token handed out. */
export function randomToken(): string {
  const chunk = randomChunk(32);
  const token = chunk.toString('base64url');
  chunk.fill(0);
  return token;
}

/** Six digits from a CSPRNG, leading zeros kept. */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Bound to the login so a code can never be replayed on another one. */
export function codeHash(secret: string, loginId: string, code: string): string {
  return createHmac('sha256', secret).update(`${loginId}:${code}`).digest('base64url');
}

/**
 * Keys of counters about a person (sends per phone, per subject): keyed, so that a
 * copy of the store cannot be turned back into phone numbers by enumeration.
 */
export function counterKey(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`counter\n${value}`).digest('base64url');
}

/** Handoffs are 256-bit random values: a plain SHA-256 suffices to store them. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
