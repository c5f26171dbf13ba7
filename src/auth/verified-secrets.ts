// Which presented secrets were found to match which stored hash, so that a client
// calling many times a second costs one HMAC, not one per request (about 5 % of a busy
// start route's CPU). Only matches are remembered: a wrong secret is hashed every
// time. A remembered match holds only while the client's stored hash is the one it
// was checked against, so a rotated secret is refused at once, and a disabled client
// is refused as before (the directory no longer finds it).

import { secretMatches } from './client-secret.js';

const MAX_ENTRIES = 1024;

export type SecretCheck = (clientId: string, secret: string, storedHash: Buffer) => boolean;

export function verifiedSecrets(pepper: string): SecretCheck {
  const verified = new Map<string, Buffer>();
  return (clientId, secret, storedHash) => {
    const key = `${clientId}:${secret}`;
    if (verified.get(key)?.equals(storedHash)) return true;
    if (!secretMatches(secret, storedHash, pepper)) return false;
    // Credentials that matched are few (one or two per client); a full map means
    // something unusual, and starting over costs only HMACs.
    if (verified.size >= MAX_ENTRIES) verified.clear();
    verified.set(key, storedHash);
    return true;
  };
}
