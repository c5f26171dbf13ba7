// Profiles and their links to provider subjects, as the login flow and the profile
// API need them. Linking and creating run under a lock on (provider, subject), so
// two completions for one person end with one profile and one link; both are
// idempotent for one login, so a completion can be retried after a failure. Every
// change records its audit event in the same transaction (`by`: who asked).

import type { ProfileRecord } from '../domain/person.js';
import type { CandidateProfile } from '../domain/rules.js';

export type NewProfile = Omit<ProfileRecord, 'id'>;

export interface Profile extends ProfileRecord {
  createdAt: Date;
  updatedAt: Date;
}

export interface IdentityLink {
  provider: string;
  subject: string;
  profileId: string;
  linkedAt: Date;
  lastLoginAt: Date | null;
}

export interface LinkOutcome {
  profile: Profile;
  /** True when the login (this one, or an earlier attempt of it) created the profile. */
  created: boolean;
  /** True when the login made the link; false: the subject was linked before. */
  linked: boolean;
}

export interface LinkRequest {
  provider: string;
  subject: string;
  loginId: string;
  /** The API client whose login this is, and how the person authenticated: for the audit event. */
  clientId: string;
  amr: string[];
}

export interface ProfileStore {
  findById(id: string): Promise<Profile | null>;
  findLinked(provider: string, subject: string): Promise<Profile | null>;
  /** Profiles with this normalized contact, each with the subjects of `provider` linked to it. */
  findByContact(kind: 'phone' | 'email', value: string, provider: string): Promise<CandidateProfile[]>;
  /** Signs the subject in through its link to this profile (touched, audited); null when the link is gone or leads elsewhere now. */
  useLink(request: LinkRequest, profileId: string): Promise<LinkOutcome | null>;
  /** Links an existing profile (the subject's existing link wins); null when the profile is gone or linked to another subject. */
  linkExisting(request: LinkRequest, profileId: string): Promise<LinkOutcome | null>;
  /** Creates the profile and its link, unless the subject is linked already. */
  createLinked(request: LinkRequest, fields: NewProfile): Promise<LinkOutcome>;
  register(fields: NewProfile, by: string): Promise<Profile>;
  listLinks(profileId: string): Promise<IdentityLink[]>;
  unlink(profileId: string, provider: string, by: string): Promise<boolean>;
  /**
   * Erases the profile, its links, the details of its audit events, and the audit
   * details and delivery records of the given logins, in one transaction. False
   * when there is no such profile.
   */
  erase(profileId: string, loginIds: string[], by: string): Promise<boolean>;
}
