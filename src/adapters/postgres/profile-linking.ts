// Linking a subject to a profile, and creating a profile with its link, each in one
// transaction under an advisory lock on (provider, subject): two completions for
// the same person at once end with one profile and one link. The link records the
// login that made it, so a retried completion of that login reports what it did.

import type pg from 'pg';
import type { LinkOutcome, LinkRequest, NewProfile } from '../../ports/profile-store.js';
import { auditRepository } from './audit-repository.js';
import { identityLinksRepository } from './identity-links-repository.js';
import { profilesRepository } from './profiles-repository.js';
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

/** Links an existing profile; null when it is gone or linked to another subject of the provider. */
export function linkExistingProfile(pool: pg.Pool, request: LinkRequest, profileId: string): Promise<LinkOutcome | null> {
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
export function createLinkedProfile(pool: pg.Pool, request: LinkRequest, fields: NewProfile): Promise<LinkOutcome> {
  return inTransaction(pool, async (client) => {
    const existing = await lockSubject(client, request);
    if (existing) return audited(client, request, existing);
    const profile = await profilesRepository(client).create(fields);
    await identityLinksRepository(client).link(request, profile.id, true);
    return audited(client, request, { profile, created: true, linked: true });
  });
}
