// Development seed: profiles "registered by phone" in the messenger for the sandbox
// personas whose existing-profile paths should be tried at once — an adult with a
// profile, a teen whose profile carries the family phone, the adult who shares that
// phone, and twins registered on one phone. Seeding twice changes nothing.

import type { NewProfile, ProfileStore } from '../ports/profile-store.js';
import { birthdateFor, findPersona, serviceOnlyPeople, type Persona } from './personas.js';

const SEEDED = ['adult-phone-email', 'teen15-phone', 'adult-shared-phone', 'twin-a'];

export function seedProfilesFor(now: Date): NewProfile[] {
  const people = SEEDED.map((id) => {
    const persona = findPersona(id);
    if (!persona) throw new Error(`persona ${id} is missing from personas.json`);
    return persona;
  });
  const twins = serviceOnlyPeople.map((twin) => {
    const sibling = people.find((p) => p.id === twin.twinOf);
    if (!sibling) throw new Error(`${twin.id} is the twin of an unknown persona`);
    return { ...sibling, ...twin, email: undefined } as Persona;
  });
  return [...people, ...twins].map((p) => ({
    familyName: p.family_name,
    givenName: p.given_name,
    middleName: p.middle_name ?? null,
    birthdate: birthdateFor(p, now),
    gender: p.gender,
    phone: p.phone ?? null,
    email: null,
  }));
}

export async function seedProfiles(profiles: ProfileStore, provider: string, now: Date): Promise<number> {
  let created = 0;
  for (const profile of seedProfilesFor(now)) {
    const existing = await profiles.findByContact('phone', profile.phone ?? '', provider);
    if (existing.some((p) => p.givenName === profile.givenName && p.birthdate === profile.birthdate)) continue;
    await profiles.register(profile, 'sandbox-seed');
    created++;
  }
  return created;
}
