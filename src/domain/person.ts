// The person as any identity provider describes them, in one shape, so that the
// login rules never see provider-specific claims. Adapters only rename and
// convert types; contacts stay raw here because normalizing them is a login rule
// (rules.ts, contacts.ts), not the adapter's business.

export type Gender = 'male' | 'female';

export interface Person {
  /** Provider id (its issuer). */
  provider: string;
  /** The provider's stable subject (the ESIA oid). */
  subject: string;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  /** YYYY-MM-DD. */
  birthdate: string | null;
  gender: Gender | null;
  /** ESIA `urn:esia:sbj:is_tru === true`: the identity behind the account was checked
   *  (in person, by a bank or with an electronic signature). */
  confirmed: boolean;
  /** As the provider gave it, not normalized. */
  phone: string | null;
  phoneVerified: boolean;
  /** As the provider gave it, not normalized. */
  email: string | null;
  emailVerified: boolean;
  parentalConsent: boolean;
  parentSubject: string | null;
}

/** A profile as the bridge stores it: contacts are normalized (E.164, lower-case e-mail). */
export interface ProfileRecord {
  id: string;
  familyName: string;
  givenName: string;
  middleName: string | null;
  /** YYYY-MM-DD. */
  birthdate: string;
  gender: Gender;
  phone: string | null;
  email: string | null;
}
