// Linking a subject to a profile, and creating a profile with its link, each in one
// transaction under an advisory lock on (provider, subject): two completions for
// the same person at once end with one profile and one link.

import type pg from 'pg';
import { identityLinksRepository } from './identity-links-repository.js';
import { profilesRepository, type NewProfile, type Profile } from './profiles-repository.js';
import { inTransaction } from './queryable.js';

export interface LinkOutcome {
  profile: Profile;
  created: boolean;
  /** True when this call made the link (false: it existed already). */
  linked: boolean;
}

export class ProfileTaken extends Error {
  constructor() {
    super('the profile is linked to another subject of this provider');
  }
}

/** Locks (provider, subject) for the transaction; returns the profile already linked to it, if any. */
async function lockSubject(client: pg.PoolClient, provider: string, subject: string): Promise<LinkOutcome | null> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${provider}\n${subject}`]);
  const links = identityLinksRepository(client);
  const existing = await links.findProfile(provider, subject);
  if (!existing) return null;
  await links.touchLogin(provider, subject);
  return { profile: existing, created: false, linked: false };
}

/** Links an existing profile; the subject's existing link wins if one appeared meanwhile. */
export function linkExistingProfile(pool: pg.Pool, provider: string, subject: string, profileId: string): Promise<LinkOutcome | null> {
  return inTransaction(pool, async (client) => {
    const existing = await lockSubject(client, provider, subject);
    if (existing) return existing;
    const profile = await profilesRepository(client).findById(profileId);
    if (!profile) return null;
    if (!(await identityLinksRepository(client).link(provider, subject, profileId))) throw new ProfileTaken();
    return { profile, created: false, linked: true };
  });
}

/** Creates the profile and its link, unless the subject got linked meanwhile. */
export function createLinkedProfile(pool: pg.Pool, provider: string, subject: string, fields: NewProfile): Promise<LinkOutcome> {
  return inTransaction(pool, async (client) => {
    const existing = await lockSubject(client, provider, subject);
    if (existing) return existing;
    const profile = await profilesRepository(client).create(fields);
    await identityLinksRepository(client).link(provider, subject, profile.id);
    return { profile, created: true, linked: true };
  });
}
