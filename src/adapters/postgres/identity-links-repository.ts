// Links between a provider's subject and a profile: one per (provider, subject) and
// one per (profile, provider).

import type { IdentityLink, LinkRequest } from '../../ports/profile-store.js';
import type { Queryable } from './queryable.js';

interface Row {
  provider: string;
  subject: string;
  profile_id: string;
  linked_at: Date;
  last_login_at: Date | null;
  login_id: string | null;
  profile_created: boolean;
}

const toLink = (r: Row) => ({
  provider: r.provider,
  subject: r.subject,
  profileId: r.profile_id,
  linkedAt: r.linked_at,
  lastLoginAt: r.last_login_at,
  loginId: r.login_id,
  profileCreated: r.profile_created,
});

export function identityLinksRepository(db: Queryable) {
  return {
    async findLink(provider: string, subject: string): Promise<ReturnType<typeof toLink> | null> {
      const { rows } = await db.query<Row>(`SELECT * FROM identity_links WHERE provider = $1 AND subject = $2`, [provider, subject]);
      return rows[0] ? toLink(rows[0]) : null;
    },

    /** Creates the link; false when (provider, subject) or (profile, provider) is already linked. */
    async link(request: LinkRequest, profileId: string, profileCreated: boolean): Promise<boolean> {
      const { rowCount } = await db.query(
        `INSERT INTO identity_links (provider, subject, profile_id, last_login_at, login_id, profile_created)
         VALUES ($1, $2, $3, now(), $4, $5) ON CONFLICT DO NOTHING`,
        [request.provider, request.subject, profileId, request.loginId, profileCreated],
      );
      return rowCount === 1;
    },

    async touchLogin(provider: string, subject: string): Promise<void> {
      await db.query(`UPDATE identity_links SET last_login_at = now() WHERE provider = $1 AND subject = $2`, [provider, subject]);
    },

    async listForProfile(profileId: string): Promise<IdentityLink[]> {
      const { rows } = await db.query<Row>(`SELECT * FROM identity_links WHERE profile_id = $1 ORDER BY linked_at`, [profileId]);
      return rows.map((r) => {
        const { loginId: _, profileCreated: __, ...link } = toLink(r);
        return link;
      });
    },

    async unlink(profileId: string, provider: string): Promise<boolean> {
      const { rowCount } = await db.query(`DELETE FROM identity_links WHERE profile_id = $1 AND provider = $2`, [profileId, provider]);
      return rowCount === 1;
    },
  };
}

export type IdentityLinksRepository = ReturnType<typeof identityLinksRepository>;
