// Profiles outside a login: registering one created the habitual way (by phone, in
// the messenger), reading it, removing a provider link, and erasure on request
// (the profile, its links, and the details of its audit events).

import { auditRepository } from '../adapters/postgres/audit-repository.js';
import { identityLinksRepository } from '../adapters/postgres/identity-links-repository.js';
import { profilesRepository, type NewProfile, type Profile } from '../adapters/postgres/profiles-repository.js';
import { inTransaction } from '../adapters/postgres/queryable.js';
import { moscowDate } from '../domain/age.js';
import { normalizeEmail, normalizePhone } from '../domain/contacts.js';
import { ContactRequired, InvalidEmail, InvalidPhone, LinkNotFound, ProfileNotFound, ValidationFailed } from '../domain/errors.js';
import { profileFieldProblems } from '../domain/profile-fields.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export interface ProfileInput extends Omit<NewProfile, 'phone' | 'email'> {
  phone: string | null;
  email: string | null;
}

export async function registerProfile(deps: FlowDeps, client: ClientRef, input: ProfileInput): Promise<Profile> {
  const problems = profileFieldProblems(input, moscowDate(deps.clock()));
  if (problems.length > 0) throw ValidationFailed({ errors: problems.map((p) => ({ where: 'body', ...p })) });
  const phone = input.phone === null ? null : normalizePhone(input.phone);
  if (input.phone !== null && phone === null) throw InvalidPhone();
  const email = input.email === null ? null : normalizeEmail(input.email);
  if (input.email !== null && email === null) throw InvalidEmail();
  if (!phone && !email) throw ContactRequired();
  const profile = await profilesRepository(deps.pool).create({ ...input, phone, email });
  await deps.audit({ event: 'profile.registered', outcome: 'ok', clientId: client.id, profileId: profile.id });
  return profile;
}

export async function readProfile(deps: FlowDeps, id: string) {
  const profile = await profilesRepository(deps.pool).findById(id);
  if (!profile) throw ProfileNotFound();
  return { profile, links: await identityLinksRepository(deps.pool).listForProfile(id) };
}

export async function unlinkProvider(deps: FlowDeps, client: ClientRef, id: string, provider: string): Promise<void> {
  if (!(await identityLinksRepository(deps.pool).unlink(id, provider))) throw LinkNotFound();
  await deps.audit({ event: 'profile.unlinked', outcome: 'ok', clientId: client.id, profileId: id, details: { provider } });
}

export async function eraseProfile(deps: FlowDeps, client: ClientRef, id: string): Promise<void> {
  const erased = await inTransaction(deps.pool, async (tx) => {
    if (!(await profilesRepository(tx).delete(id))) return false;
    await auditRepository(tx).eraseDetailsOf(id);
    return true;
  });
  if (!erased) throw ProfileNotFound();
  await deps.audit({ event: 'profile.erased', outcome: 'ok', clientId: client.id, profileId: id });
}
