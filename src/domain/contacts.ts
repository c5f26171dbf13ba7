// Contacts decide where a one-time code goes and which existing profiles a person
// may claim, so only contacts the provider has verified count, and they are
// compared in one canonical form: E.164 phones and lower-case e-mails (the form
// profiles are stored in).

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Person } from './person.js';

export interface Contacts {
  phone: string | null;
  email: string | null;
}

/**
 * E.164 form of a phone number, or null when it is not a valid number.
 *
 * Numbers without a country code are Russian (`8 999 …` and `999 …`). The whole
 * text must be the number (no "tel:" or prose around it), and numbers with an
 * extension are refused because an SMS cannot reach an extension. Validity is
 * checked against libphonenumber's metadata (`isValid`), which accepts every
 * Russian mobile range including +7 999.
 */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), { defaultCountry: 'RU', extract: false });
  return parsed?.isValid() && !parsed.ext ? parsed.number : null;
}

/**
 * Trimmed, lower-case e-mail, or null when it cannot be an address: exactly one
 * "@", something on both sides of it, no whitespace. Deliverability is proven by
 * the code sent to it, not by a stricter syntax check here.
 */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  const [local, domain, ...rest] = email.split('@');
  return local && domain && rest.length === 0 && !/\s/.test(email) ? email : null;
}

/** The person's verified contacts, normalized; an unparseable one counts as absent. */
export function verifiedContacts(
  person: Pick<Person, 'phone' | 'phoneVerified' | 'email' | 'emailVerified'>,
): Contacts {
  return {
    phone: person.phoneVerified && person.phone !== null ? normalizePhone(person.phone) : null,
    email: person.emailVerified && person.email !== null ? normalizeEmail(person.email) : null,
  };
}
