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

// RFC 5321 §4.1.2: Dot-string "@" Domain, with atext from RFC 5322 §3.2.3. A quoted
// local part and an address literal are mailboxes too, but no person needs them and
// both carry characters that other software reads as separators, so they are refused.
const DOT_STRING = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Trimmed, lower-case e-mail, or null unless the text is one plain mailbox
 * (`local@domain.tld`, ASCII): never a list, a display name, brackets, a comment or
 * a control character, any of which could make a mail library send the code to
 * another recipient. The local part holds at most 64 characters, the address 254,
 * the domain at least two labels (a host without a dot is not a mail domain on the
 * internet). Deliverability is proven by the code sent to it.
 */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const plain = at > 0 && local.length <= 64 && email.length <= 254 && DOT_STRING.test(local);
  return plain && labels.length >= 2 && labels.every((label) => LABEL.test(label)) ? email : null;
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
