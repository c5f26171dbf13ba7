// An in-memory ProfileStore for use-case tests: it passes the same contract suite
// as Postgres and PGlite (test/contracts/profile-store.test.ts), so a rule of the
// flow can be tested in milliseconds without a database.

import { randomUUID } from 'node:crypto';
import type { IdentityLink, LinkOutcome, LinkRequest, NewProfile, Profile, ProfileStore } from '../../src/ports/profile-store.js';

interface Link extends IdentityLink {
  loginId: string;
  profileCreated: boolean;
}

export function memoryProfileStore(): ProfileStore {
  const profiles = new Map<string, Profile>();
  let links: Link[] = [];
  const linkOf = (provider: string, subject: string) => links.find((l) => l.provider === provider && l.subject === subject);

  function existing(request: LinkRequest, profileId?: string): LinkOutcome | null {
    const link = linkOf(request.provider, request.subject);
    const profile = link && profiles.get(link.profileId);
    if (!link || !profile || (profileId !== undefined && profileId !== link.profileId)) return null;
    link.lastLoginAt = new Date();
    const ours = link.loginId === request.loginId;
    return { profile, created: ours && link.profileCreated, linked: ours };
  }

  function link(request: LinkRequest, profileId: string, profileCreated: boolean): boolean {
    if (linkOf(request.provider, request.subject) || links.some((l) => l.profileId === profileId && l.provider === request.provider)) return false;
    const now = new Date();
    links.push({ provider: request.provider, subject: request.subject, profileId, linkedAt: now, lastLoginAt: now, loginId: request.loginId, profileCreated });
    return true;
  }

  function register(fields: NewProfile): Profile {
    const now = new Date();
    const profile = { ...fields, id: randomUUID(), createdAt: now, updatedAt: now };
    profiles.set(profile.id, profile);
    return profile;
  }

  return {
    findById: async (id) => profiles.get(id) ?? null,
    findLinked: async (provider, subject) => {
      const found = linkOf(provider, subject);
      return (found && profiles.get(found.profileId)) ?? null;
    },
    findByContact: async (kind, value, provider) =>
      [...profiles.values()]
        .filter((p) => p[kind] === value)
        .map((p) => ({ ...p, linkedSubjects: links.filter((l) => l.profileId === p.id && l.provider === provider).map((l) => l.subject) })),
    useLink: async (request, profileId) => existing(request, profileId),
    linkExisting: async (request, profileId) => {
      const found = existing(request);
      if (found) return found;
      const profile = profiles.get(profileId);
      if (!profile || !link(request, profileId, false)) return null;
      return { profile, created: false, linked: true };
    },
    createLinked: async (request, fields) => {
      const found = existing(request);
      if (found) return found;
      const profile = register(fields);
      link(request, profile.id, true);
      return { profile, created: true, linked: true };
    },
    register: async (fields) => register(fields),
    listLinks: async (profileId) =>
      links.filter((l) => l.profileId === profileId).map(({ loginId: _, profileCreated: __, ...l }) => l),
    unlink: async (profileId, provider) => {
      const before = links.length;
      links = links.filter((l) => !(l.profileId === profileId && l.provider === provider));
      return links.length < before;
    },
    erase: async (profileId) => {
      links = links.filter((l) => l.profileId !== profileId);
      return profiles.delete(profileId);
    },
  };
}
