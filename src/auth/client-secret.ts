// API client secrets are 256-bit random values, so a keyed SHA-256 (HMAC with a server
// pepper) is enough to store them: no slow hash is needed against guessing, and a
// stolen table without the pepper reveals nothing.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string, pepper: string): Buffer {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest();
}

export function secretMatches(secret: string, hash: Buffer, pepper: string): boolean {
  const candidate = hashClientSecret(secret, pepper);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}
