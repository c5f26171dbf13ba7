// What each scope releases, and how the consent page names it. ESIA groups its
// own extras under the `esia` scope so a client that asks only for standard OIDC
// scopes never sees them.
import type { Locale } from './pages.js';

export const scopeClaims = {
  openid: ['sub'],
  profile: ['family_name', 'given_name', 'middle_name', 'birthdate', 'gender'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  esia: ['urn:esia:sbj', 'parental_consent', 'parent_sub'],
} as const;

export type Scope = keyof typeof scopeClaims;

const scopeLabels: Record<Scope, Record<Locale, string>> = {
  openid: { ru: 'Идентификатор учётной записи', en: 'Account identifier' },
  profile: { ru: 'ФИО, дата рождения и пол', en: 'Full name, date of birth and gender' },
  email: { ru: 'Адрес электронной почты', en: 'E-mail address' },
  phone: { ru: 'Номер мобильного телефона', en: 'Mobile phone number' },
  esia: {
    ru: 'Уровень учётной записи, согласие родителя и связь с родителем',
    en: 'Account level, parental consent and the linked parent',
  },
};

export function scopeLabel(scope: string, locale: Locale): string {
  return scope in scopeLabels ? scopeLabels[scope as Scope][locale] : scope;
}
