import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import pg from 'pg';
import t from 'tap';
import { devSigningKeys } from '../../../src/adapters/keys/dev-signing-keys.js';
import { createKeyRing } from '../../../src/adapters/keys/key-ring.js';
import { openTestDatabase } from './db.js';

// One database for the file: PGlite takes seconds to start. The tests run in order.
const db = await openTestDatabase(t);

interface StoredRow {
  kid: string;
  alg: string;
  private_jwk: Record<string, unknown> | null;
  public_jwk: Record<string, unknown>;
  retired_at: Date | null;
}

async function rows(): Promise<StoredRow[]> {
  const result = await db.pool.query<StoredRow>('SELECT * FROM signing_keys ORDER BY created_at, kid');
  return result.rows;
}

t.test('concurrent first calls end with one key', async (t) => {
  t.same(await rows(), [], 'the table starts empty');
  // A second pool stands for a second process (PGlite has a single connection, so
  // there the calls race inside one pool).
  const other = db.url ? new pg.Pool({ connectionString: db.url, max: 2 }) : db.pool;
  if (other !== db.pool) t.teardown(() => other.end());

  const results = await Promise.all([
    devSigningKeys(db.pool),
    devSigningKeys(other),
    devSigningKeys(db.pool),
    devSigningKeys(other),
  ]);
  const kids = results.map((keys) => keys.map((k) => k.kid));
  const [first] = kids;
  t.equal(first?.length, 1);
  for (const k of kids) t.same(k, first, 'every caller got the same key');
  t.equal((await rows()).length, 1, 'one row stored');
});

t.test('the stored key is reused on later calls', async (t) => {
  const [stored] = await rows();
  if (!stored) throw new Error('no stored key');
  const again = await devSigningKeys(db.pool);
  t.same(
    again.map((k) => k.kid),
    [stored.kid],
  );
  t.equal((await rows()).length, 1, 'nothing new stored');

  t.equal(stored.alg, 'ES256');
  t.same(Object.keys(stored.public_jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  t.equal(typeof stored.private_jwk?.d, 'string', 'the development key keeps its private part');
  const { kty, crv, x, y } = stored.public_jwk as Record<string, string>;
  t.equal(stored.kid, await calculateJwkThumbprint({ kty, crv, x, y }), 'kid is the JWK thumbprint');
});

t.test('jwks() publishes the public part only, and it verifies what the ring signs', async (t) => {
  const ring = createKeyRing(await devSigningKeys(db.pool));
  const jwks = ring.jwks();
  t.equal(jwks.keys.length, 1);
  const [key] = jwks.keys;
  t.same(Object.keys(key ?? {}).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  t.match(key, { kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: ring.signingKid });
  t.notOk('d' in (key ?? {}), 'no private part');

  const [stored] = await rows();
  t.notOk(JSON.stringify(jwks).includes(String(stored?.private_jwk?.d)), 'the private scalar appears nowhere');

  const token = await ring.sign({ sub: 'dev' });
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
  t.equal(payload.sub, 'dev');
});

t.test('a retired key is neither used nor published; a new one takes its place', async (t) => {
  const [old] = await rows();
  await db.pool.query('UPDATE signing_keys SET retired_at = now()');
  const fresh = await devSigningKeys(db.pool);
  t.equal(fresh.length, 1);
  t.not(fresh[0]?.kid, old?.kid);
  t.equal((await rows()).filter((r) => r.retired_at === null).length, 1);
});

t.test('a damaged stored key is reported, not used', async (t) => {
  await db.pool.query(`UPDATE signing_keys SET private_jwk = private_jwk || '{"d":"AAAA"}'::jsonb WHERE retired_at IS NULL`);
  await t.rejects(devSigningKeys(db.pool), /stored key ".+" is not a usable ES256 private key/);
});

t.test('the table refuses a private part in public_jwk', async (t) => {
  await t.rejects(
    db.pool.query(
      `INSERT INTO signing_keys (kid, alg, public_jwk) VALUES ('x', 'ES256', '{"kty":"EC","d":"secret"}'::jsonb)`,
    ),
    /check constraint/,
  );
});
