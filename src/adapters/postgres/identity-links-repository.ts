// Links between a provider's subject and a profile: one per (provider, subject) and
// one per (profile, provider).

import type { Profile } from './profiles-repository.js';
import { profilesRepository } from './profiles-repository.js';
import type { Queryable } from './queryable.js';

export interface IdentityLink {
  provider: string;
  subject: string;
  profileId: string;
  linkedAt: Date;
  lastLoginAt: Date | null;
}

export function identityLinksRepository(db: Queryable) {
  return {
    async findProfile(provider: string, subject: string): Promise<Profile | null> {
      const { rows } = await db.query<{ profile_id: string }>(
        `SELECT profile_id FROM identity_links WHERE provider = $1 AND subject = $2`,
        [provider, subject],
      );
      const row = rows[0];
      return row ? profilesRepository(db).findById(row.profile_id) : null;
    },

    /** Creates the link; false when (provider, subject) or (profile, provider) is already linked. */
    async link(provider: string, subject: string, profileId: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `INSERT INTO identity_links (provider, subject, profile_id, last_login_at) VALUES ($1, $2, $3, now())
         ON CONFLICT DO NOTHING`,
        [provider, subject, profileId],
      );
      return rowCount === 1;
    },

    async touchLogin(provider: string, subject: string): Promise<void> {
      await db.query(`UPDATE identity_links SET last_login_at = now() WHERE provider = $1 AND subject = $2`, [
        provider,
        subject,
      ]);
    },

    async listForProfile(profileId: string): Promise<IdentityLink[]> {
      const { rows } = await db.query<{
        provider: string;
        subject: string;
        profile_id: string;
        linked_at: Date;
        last_login_at: Date | null;
      }>(`SELECT * FROM identity_links WHERE profile_id = $1 ORDER BY linked_at`, [profileId]);
      return rows.map((r) => ({
        provider: r.provider,
        subject: r.subject,
        profileId: r.profile_id,
        linkedAt: r.linked_at,
        lastLoginAt: r.last_login_at,
      }));
    },

    async unlink(profileId: string, provider: string): Promise<boolean> {
      const { rowCount } = await db.query(`DELETE FROM identity_links WHERE profile_id = $1 AND provider = $2`, [
        profileId,
        provider,
      ]);
      return rowCount === 1;
    },
  };
}

export type IdentityLinksRepository = ReturnType<typeof identityLinksRepository>;
