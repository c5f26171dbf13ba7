-- Up Migration

-- What each API client may do (src/domain/permissions.ts). Clients, existing ones
-- included, may only run logins until an operator grants more with
-- `npm run clients -- permissions <id> <list>`.
ALTER TABLE api_clients
  ADD COLUMN permissions text[] NOT NULL DEFAULT '{logins}'
  CONSTRAINT api_clients_known_permissions
    CHECK (permissions <@ ARRAY['logins', 'profiles:read', 'profiles:write', 'profiles:erase']::text[]);

-- Down Migration

ALTER TABLE api_clients DROP COLUMN permissions;
