// The AssertionSigner port on a key ring: keys from configuration, or in development
// one generated key kept in Postgres.

import type pg from 'pg';
import type { AssertionSigner } from '../../ports/assertion-signer.js';
import { issueAssertion } from './assertion.js';
import { devSigningKeys } from './dev-signing-keys.js';
import { createKeyRing } from './key-ring.js';
import { parseSigningKeys } from './signing-key-config.js';

export async function createAssertionSigner(issuer: string, configuredKeys: string | null, pool: pg.Pool): Promise<AssertionSigner> {
  const keys = configuredKeys ? await parseSigningKeys(configuredKeys) : await devSigningKeys(pool);
  const ring = createKeyRing(keys);
  return {
    issue: (input) => issueAssertion(ring, { issuer, ...input }),
    jwks: () => ring.jwks(),
  };
}
