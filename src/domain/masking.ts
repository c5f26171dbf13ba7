// What may be shown to someone who has not yet proved they own a contact or a
// profile: enough to recognise their own phone, address or name, too little to
// learn someone else's.

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ProfileRecord } from './person.js';

/**
 * '+79161234567' → '+7 *** ***-**-67'. Other countries keep the calling code and
 * the last two digits in one layout ('+380 ***-**-67') that hides the number's
 * length. Anything that is not an E.164 number is hidden entirely.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return '***';
  const last2 = parsed.nationalNumber.slice(-2);
  return parsed.countryCallingCode === '7'
    ? `+7 *** ***-**-${last2}`
    : `+${parsed.countryCallingCode} ***-**-${last2}`;
}

/**
 * 'ivanov@mail.ru' → 'i***@mail.ru'. The domain stays: it tells the person which
 * mailbox to open and is shared by millions of addresses.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${firstLetter(email)}***${email.slice(at)}`;
}

/**
 * A display name for a list of profiles to choose from: 'Анна С.'. Profiles in
 * one list share a phone or an e-mail and a birth date (twins, siblings), so the
 * given name is what tells them apart; the family name is reduced to an initial
 * and the patronymic is left out. A plain string, so that every client shows the
 * same thing.
 */
export function maskName(profile: Pick<ProfileRecord, 'givenName' | 'familyName'>): string {
  const givenName = profile.givenName.trim();
  const initial = firstLetter(profile.familyName.trim());
  return initial ? `${givenName} ${initial}.` : givenName;
}

// By code point, so that a letter outside the BMP is not cut in half.
function firstLetter(text: string): string {
  return Array.from(text)[0] ?? '';
}
