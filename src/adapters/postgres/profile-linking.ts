// Linking a subject to a profile, and creating a profile with its link, each in one
// transaction under an advisory lock on (provider, subject): two completions for
// the same person at once end with one profile and one link. The link records the
// login that made it, so a retried completion of that login reports what it did.
// A subject linked already (every login after the first) takes one statement that
// touches the link, writes the audit event and reads the profile, atomically.

import type pg from 'pg';
import type { LinkOutcome, LinkRequest, NewProfile } from '../../ports/profile-store.js';
import { auditRepository } from './audit-repository.js';
import { identityLinksRepository } from './identity-links-repository.js';
import { COLUMNS, profilesRepository, toProfile, type Row } from './profiles-repository.js';
import { inTransaction } from './queryable.js';

/** Locks (provider, subject) for the transaction; returns the link it already has, if any. */
async function lockSubject(client: pg.PoolClient, request: LinkRequest): Promise<LinkOutcome | null> {
  const { provider, subject, loginId } = request;
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${provider}\n${subject}`]);
  const links = identityLinksRepository(client);
  const existing = await links.findLink(provider, subject);
  if (!existing) return null;
  const profile = await profilesRepository(client).findById(existing.profileId);
  if (!profile) return null;
  await links.touchLogin(provider, subject);
  const ours = existing.loginId === loginId;
  return { profile, created: ours && existing.profileCreated, linked: ours };
}

/** The outcome, with its audit event written in the same transaction. */
async function audited(client: pg.PoolClient, request: LinkRequest, outcome: LinkOutcome): Promise<LinkOutcome> {
  await auditRepository(client).record({
    event: outcome.created ? 'profile.created' : outcome.linked ? 'profile.linked' : 'profile.signed_in',
    outcome: 'ok',
    clientId: request.clientId,
    loginId: request.loginId,
    profileId: outcome.profile.id,
    details: { amr: request.amr },
  });
  return outcome;
}

const ALREADY_LINKED = `
WITH link AS (
  UPDATE identity_links SET last_login_at = now()
  WHERE provider = $1 AND subject = $2 AND ($6::uuid IS NULL OR profile_id = $6::uuid)
  RETURNING profile_id, login_id IS NOT DISTINCT FROM $3 AS ours, profile_created
), audit AS (
  INSERT INTO audit_events (event, outcome, client_id, login_id, profile_id, details)
  SELECT CASE WHEN ours AND profile_created THEN 'profile.created' WHEN ours THEN 'profile.linked' ELSE 'profile.signed_in' END,
         'ok', $4, $3, profile_id, $5 FROM link
)
SELECT ${COLUMNS}, link.ours, link.profile_created FROM link JOIN profiles p ON p.id = link.profile_id`;

/**
 * The outcome for a subject linked already (to `profileId`, when given), in one
 * statement; null when it is not linked (there).
 */
export async function alreadyLinked(pool: pg.Pool, request: LinkRequest, profileId: string | null = null): Promise<LinkOutcome | null> {
  const { rows } = await pool.query<Row & { ours: boolean; profile_created: boolean }>(ALREADY_LINKED, [
    request.provider,
    request.subject,
    request.loginId,
    request.clientId,
    { amr: request.amr },
    profileId,
  ]);
  const row = rows[0];
  return row ? { profile: toProfile(row), created: row.ours && row.profile_created, linked: row.ours } : null;
}

/** Links an existing profile; null when it is gone or linked to another subject of the provider. */
export async function linkExistingProfile(pool: pg.Pool, request: LinkRequest, profileId: string): Promise<LinkOutcome | null> {
  const linked = await alreadyLinked(pool, request);
  if (linked) return linked;
  return inTransaction(pool, async (client) => {
    const existing = await lockSubject(client, request);
    if (existing) return audited(client, request, existing);
    const profile = await profilesRepository(client).findById(profileId);
    if (!profile) return null;
    if (!(await identityLinksRepository(client).link(request, profileId, false))) return null;
    return audited(client, request, { profile, created: false, linked: true });
  });
}

/** Creates the profile and its link, unless the subject got linked meanwhile. */
export async function createLinkedProfile(pool: pg.Pool, request: LinkRequest, fields: NewProfile): Promise<LinkOutcome> {
  const linked = await alreadyLinked(pool, request);
  if (linked) return linked;
  return inTransaction(pool, async (client) => {
    const existing = await lockSubject(client, request);
    if (existing) return audited(client, request, existing);
    const profile = await profilesRepository(client).create(fields);
    await identityLinksRepository(client).link(request, profile.id, true);
    return audited(client, request, { profile, created: true, linked: true });
  });
}
