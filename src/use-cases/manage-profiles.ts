// Profiles outside a login: registering one created the habitual way (by phone, in
// the messenger), reading it, removing a provider link, and erasure on request:
// the profile, its links, the logins that hold its data, and their audit details
// and delivery records.

import { moscowDate } from '../domain/age.js';
import { normalizeEmail, normalizePhone } from '../domain/contacts.js';
import { ContactRequired, InvalidEmail, InvalidPhone, LinkNotFound, ProfileNotFound, ValidationFailed } from '../domain/errors.js';
import { profileFieldProblems } from '../domain/profile-fields.js';
import type { NewProfile, Profile } from '../ports/profile-store.js';
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
  return deps.profiles.register({ ...input, phone, email }, client.id);
}

export async function readProfile(deps: FlowDeps, id: string) {
  const profile = await deps.profiles.findById(id);
  if (!profile) throw ProfileNotFound();
  return { profile, links: await deps.profiles.listLinks(id) };
}

export async function unlinkProvider(deps: FlowDeps, client: ClientRef, id: string, provider: string): Promise<void> {
  if (!(await deps.profiles.unlink(id, provider, client.id))) throw LinkNotFound();
}

export async function eraseProfile(deps: FlowDeps, client: ClientRef, id: string): Promise<void> {
  // Logins first: once the profile is gone, nothing would find them again. Their
  // pending audit events are written before the erasure scrubs them.
  const logins = await deps.logins.eraseProfileLogins(id);
  await deps.audit.flush();
  if (!(await deps.profiles.erase(id, logins, client.id))) throw ProfileNotFound();
}
