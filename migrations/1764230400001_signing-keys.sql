-- Up Migration

-- Keys that sign login assertions (the ES256 JWTs handed to client backends).
--
-- PRODUCTION KEYS COME FROM CONFIGURATION (ASSERTION_SIGNING_KEYS) AND ARE NEVER
-- STORED HERE. This table only holds the key the service generates for itself in
-- development, when no key is configured, so that assertions keep verifying across
-- restarts. Such a key is not a secret worth protecting: it signs fictional logins.
--
-- kid is the RFC 7638 JWK thumbprint of the public key. Active keys (retired_at IS
-- NULL) are published in /.well-known/jwks.json; the newest one signs.
CREATE TABLE signing_keys (
  kid          text PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 200),
  alg          text NOT NULL CHECK (alg = 'ES256'),
  -- The private JWK (with "d"): development-generated keys only.
  private_jwk  jsonb CHECK (private_jwk IS NULL OR (jsonb_typeof(private_jwk) = 'object' AND private_jwk ? 'd')),
  -- What /.well-known/jwks.json publishes; never a private part.
  public_jwk   jsonb NOT NULL CHECK (jsonb_typeof(public_jwk) = 'object' AND NOT public_jwk ? 'd'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- Down Migration

DROP TABLE signing_keys;
