// The ProfileStore on Postgres (or PGlite, through the same pool).

import type pg from 'pg';
import type { AuditEvent } from '../../ports/audit.js';
import type { ProfileStore } from '../../ports/profile-store.js';
import { auditRepository } from './audit-repository.js';
import { identityLinksRepository } from './identity-links-repository.js';
import { alreadyLinked, createLinkedProfile, linkExistingProfile } from './profile-linking.js';
import { profilesRepository } from './profiles-repository.js';
import { inTransaction, type Queryable } from './queryable.js';

const audit = (db: Queryable, event: string, clientId: string, profileId: string, details: AuditEvent['details'] = {}) =>
  auditRepository(db).record({ event, outcome: 'ok', clientId, profileId, details });

export function postgresProfileStore(pool: pg.Pool): ProfileStore {
  const profiles = profilesRepository(pool);
  const links = identityLinksRepository(pool);
  return {
    findById: (id) => profiles.findById(id),
    findLinked: (provider, subject) => profiles.findLinked(provider, subject),
    findByContact: (kind, value, provider) => profiles.findByContact(kind, value, provider),
    useLink: (request, profileId) => alreadyLinked(pool, request, profileId),
    linkExisting: (request, profileId) => linkExistingProfile(pool, request, profileId),
    createLinked: (request, fields) => createLinkedProfile(pool, request, fields),
    register: (fields, by) =>
      inTransaction(pool, async (tx) => {
        const profile = await profilesRepository(tx).create(fields);
        await audit(tx, 'profile.registered', by, profile.id);
        return profile;
      }),
    listLinks: (profileId) => links.listForProfile(profileId),
    unlink: (profileId, provider, by) =>
      inTransaction(pool, async (tx) => {
        if (!(await identityLinksRepository(tx).unlink(profileId, provider))) return false;
        await audit(tx, 'profile.unlinked', by, profileId, { provider });
        return true;
      }),
    erase: (profileId, loginIds, by) =>
      inTransaction(pool, async (tx) => {
        // Logins long gone from the session store are still named by the profile's
        // audit events and link: their records are erased too.
        const { rows } = await tx.query<{ login_id: string }>(
          `SELECT login_id FROM audit_events WHERE profile_id = $1 AND login_id IS NOT NULL
           UNION SELECT login_id FROM identity_links WHERE profile_id = $1 AND login_id IS NOT NULL`,
          [profileId],
        );
        const logins = [...new Set([...loginIds, ...rows.map((r) => r.login_id)])];
        if (!(await profilesRepository(tx).delete(profileId))) return false;
        await tx.query(`UPDATE audit_events SET details = '{}'::jsonb WHERE profile_id = $1 OR login_id = ANY($2::text[])`, [profileId, logins]);
        await tx.query(`DELETE FROM deliveries WHERE login_id = ANY($1::text[])`, [logins]);
        await audit(tx, 'profile.erased', by, profileId, { logins: logins.length });
        return true;
      }),
  };
}
