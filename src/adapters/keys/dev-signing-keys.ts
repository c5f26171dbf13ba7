// Without configured keys, development uses devSigningKeys(): one key generated on
// first start and kept in Postgres (signing_keys). Production keys are never stored.

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type pg from 'pg';
import { inTransaction, type Queryable } from '../postgres/queryable.js';
import { importSigningKey, SIGNING_ALG, type PrivateJWK, type PublicJWK, type SigningKey } from './signing-key.js';
import { isRecord, quote, readJwk } from './signing-key-entry.js';

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
