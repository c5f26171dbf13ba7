-- Up Migration

-- Which login made a link, and whether it also created the profile: completing a
-- login is retried after a failure half-way, and the retry must report what the
-- first attempt did (created, linked) instead of "it existed already".
ALTER TABLE identity_links
  ADD COLUMN login_id text,
  ADD COLUMN profile_created boolean NOT NULL DEFAULT false;

-- Down Migration

ALTER TABLE identity_links DROP COLUMN profile_created, DROP COLUMN login_id;
