-- Up Migration

-- One row per delivery of a one-time code: what was attempted and how it ended.
-- Never the code itself, never the full destination.
CREATE TABLE deliveries (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                   timestamptz NOT NULL DEFAULT now(),
  login_id             text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('sms', 'email')),
  destination_masked   text NOT NULL,
  status               text NOT NULL CHECK (status IN ('sent', 'failed')),
  attempts             integer NOT NULL CHECK (attempts >= 0),
  provider_message_id  text,
  error                text
);
CREATE INDEX deliveries_login_idx ON deliveries (login_id);

-- Down Migration

DROP TABLE deliveries;
