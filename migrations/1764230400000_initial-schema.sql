-- Up Migration

CREATE TABLE profiles (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_name  text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 200),
  given_name   text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 200),
  middle_name  text CHECK (length(middle_name) BETWEEN 1 AND 200),
  birthdate    date NOT NULL,
  gender       text NOT NULL CHECK (gender IN ('male', 'female')),
  -- Not unique: a child's profile may carry a parent's phone or e-mail.
  phone        text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  email        text CHECK (email = lower(email) AND position('@' IN email) > 1),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT profiles_contact_required CHECK (phone IS NOT NULL OR email IS NOT NULL)
);
CREATE INDEX profiles_phone_idx ON profiles (phone) WHERE phone IS NOT NULL;
CREATE INDEX profiles_email_idx ON profiles (email) WHERE email IS NOT NULL;

CREATE TABLE identity_links (
  provider       text NOT NULL,
  subject        text NOT NULL,
  profile_id     uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  linked_at      timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz,
  PRIMARY KEY (provider, subject),
  CONSTRAINT identity_links_one_per_provider UNIQUE (profile_id, provider)
);

CREATE TABLE api_clients (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  name          text NOT NULL,
  -- Keyed SHA-256 (HMAC with the server pepper) of a 256-bit random secret; never the secret.
  secret_hash   bytea NOT NULL,
  return_urls   text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  event       text NOT NULL,
  client_id   text,
  login_id    text,
  profile_id  uuid,
  outcome     text NOT NULL,
  -- Never codes, tokens, or unmasked phones/e-mails.
  details     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_profile_idx ON audit_events (profile_id) WHERE profile_id IS NOT NULL;
CREATE INDEX audit_events_login_idx ON audit_events (login_id) WHERE login_id IS NOT NULL;

-- Down Migration

DROP TABLE audit_events;
DROP TABLE api_clients;
DROP TABLE identity_links;
DROP TABLE profiles;
