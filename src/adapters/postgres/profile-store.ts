// The ProfileStore on Postgres (or PGlite, through the same pool).

import type pg from 'pg';
import type { ProfileStore } from '../../ports/profile-store.js';
import { identityLinksRepository } from './identity-links-repository.js';
import { createLinkedProfile, linkExistingProfile } from './profile-linking.js';
import { profilesRepository } from './profiles-repository.js';
import { inTransaction } from './queryable.js';

export function postgresProfileStore(pool: pg.Pool): ProfileStore {
  const profiles = profilesRepository(pool);
  const links = identityLinksRepository(pool);
  return {
    findById: (id) => profiles.findById(id),
    async findLinked(provider, subject) {
      const link = await links.findLink(provider, subject);
      return link ? profiles.findById(link.profileId) : null;
    },
    findByContact: (kind, value, provider) => profiles.findByContact(kind, value, provider),
    linkExisting: (request, profileId) => linkExistingProfile(pool, request, profileId),
    createLinked: (request, fields) => createLinkedProfile(pool, request, fields),
    register: (fields) => profiles.create(fields),
    listLinks: (profileId) => links.listForProfile(profileId),
    unlink: (profileId, provider) => links.unlink(profileId, provider),
    erase: (profileId, loginIds) =>
      inTransaction(pool, async (tx) => {
        if (!(await profilesRepository(tx).delete(profileId))) return false;
        await tx.query(
          `UPDATE audit_events SET details = '{}'::jsonb WHERE profile_id = $1 OR login_id = ANY($2::text[])`,
          [profileId, loginIds],
        );
        await tx.query(`DELETE FROM deliveries WHERE login_id = ANY($1::text[])`, [loginIds]);
        return true;
      }),
  };
}
