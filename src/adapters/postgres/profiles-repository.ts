// Educational profiles. Lookups by phone and e-mail also return which subjects of a
// provider are already linked, because the rules never offer such a profile to
// another subject.

import type { Gender } from '../../domain/person.js';
import type { NewProfile, Profile } from '../../ports/profile-store.js';
import type { Queryable } from './queryable.js';

export type { NewProfile, Profile };

export interface ProfileWithLinks extends Profile {
  linkedSubjects: string[];
}

export interface Row {
  id: string;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  birthdate: string;
  gender: Gender;
  phone: string | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
  linked_subjects?: string[];
}

// birthdate is read as text so no time zone can shift the calendar date.
export const COLUMNS = `p.id, p.family_name, p.given_name, p.middle_name, p.birthdate::text AS birthdate,
  p.gender, p.phone, p.email, p.created_at, p.updated_at`;

export const toProfile = (r: Row): Profile => ({
  id: r.id,
  familyName: r.family_name,
  givenName: r.given_name,
  middleName: r.middle_name,
  birthdate: r.birthdate,
  gender: r.gender,
  phone: r.phone,
  email: r.email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function profilesRepository(db: Queryable) {
  async function findWithLinks(column: 'phone' | 'email', value: string, provider: string) {
    const { rows } = await db.query<Row>(
      `SELECT ${COLUMNS},
         coalesce(array_agg(l.subject) FILTER (WHERE l.subject IS NOT NULL), '{}') AS linked_subjects
       FROM profiles p LEFT JOIN identity_links l ON l.profile_id = p.id AND l.provider = $2
       WHERE p.${column} = $1
       GROUP BY p.id ORDER BY p.created_at, p.id`,
      [value, provider],
    );
    return rows.map((r) => ({ ...toProfile(r), linkedSubjects: r.linked_subjects ?? [] }));
  }

  return {
    async create(p: NewProfile): Promise<Profile> {
      const { rows } = await db.query<Row>(
        `INSERT INTO profiles AS p (family_name, given_name, middle_name, birthdate, gender, phone, email)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [p.familyName, p.givenName, p.middleName, p.birthdate, p.gender, p.phone, p.email],
      );
      return toProfile(rows[0] as Row);
    },

    /** The profile linked to (provider, subject), in one query. */
    async findLinked(provider: string, subject: string): Promise<Profile | null> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM identity_links l JOIN profiles p ON p.id = l.profile_id WHERE l.provider = $1 AND l.subject = $2`,
        [provider, subject],
      );
      return rows[0] ? toProfile(rows[0]) : null;
    },

    async findById(id: string): Promise<Profile | null> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM profiles p WHERE p.id = $1`, [id]);
      return rows[0] ? toProfile(rows[0]) : null;
    },

    findByContact: (kind: 'phone' | 'email', value: string, provider: string): Promise<ProfileWithLinks[]> =>
      findWithLinks(kind, value, provider),

    async delete(id: string): Promise<boolean> {
      const { rowCount } = await db.query(`DELETE FROM profiles WHERE id = $1`, [id]);
      return rowCount === 1;
    },
  };
}

export type ProfilesRepository = ReturnType<typeof profilesRepository>;
