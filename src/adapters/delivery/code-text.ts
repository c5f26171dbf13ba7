// Texts of the messages that carry a one-time code: one SMS per locale and one
// e-mail (subject, plain text and HTML) per locale.
//
// Rules:
// - An SMS must fit ONE segment: 70 UTF-16 units when any character is outside the
//   GSM 03.38 alphabet (every Cyrillic text is UCS-2), 160 septets otherwise.
// - The code never goes into the e-mail subject: subjects end up in mail-server logs,
//   notification previews and mailbox lists.
// - The e-mail has no links, images or tracking pixels, and every interpolated value is
//   HTML-escaped in the HTML part.

import type { Locale } from '../../domain/errors.js';
import { escapeHtml } from '../../http/escape-html.js';

/** One SMS segment in UCS-2 (any non-GSM character, e.g. Cyrillic). */
export const SMS_UCS2_LIMIT = 70;
/** One SMS segment in the GSM 03.38 7-bit alphabet. */
export const SMS_GSM7_LIMIT = 160;

// GSM 03.38 basic character set and the extension table (extension characters take
// two septets: ESC + char).
const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM7_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Septets for gsm7, UTF-16 code units for ucs2. */
  units: number;
  /** The single-segment limit for that encoding. */
  limit: number;
}

/** How an SMS text is encoded and how much of one segment it takes. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else return { encoding: 'ucs2', units: text.length, limit: SMS_UCS2_LIMIT };
  }
  return { encoding: 'gsm7', units: septets, limit: SMS_GSM7_LIMIT };
}

export function fitsOneSms(text: string): boolean {
  const { units, limit } = smsLength(text);
  return units <= limit;
}

const SMS_TEXTS: Record<Locale, { full: (code: string) => string; short: (code: string) => string }> = {
  ru: {
    full: (code) => `Код для входа в учебный профиль: ${code}. Никому его не сообщайте.`,
    short: (code) => `Код для входа в учебный профиль: ${code}`,
  },
  en: {
    full: (code) => `Your code to sign in to the study profile: ${code}. Do not share it with anyone.`,
    short: (code) => `Your sign-in code: ${code}`,
  },
};

/**
 * The SMS text. Uses the variant with the "do not share" warning when it fits one
 * segment (any code of up to 11 characters in Russian), otherwise the shorter one.
 */
export function smsText(code: string, locale: Locale): string {
  const texts = SMS_TEXTS[locale];
  const full = texts.full(code);
  return fitsOneSms(full) ? full : texts.short(code);
}

/**
 * Russian plural form: forms are [one, few, many], e.g. ['минута', 'минуты', 'минут']
 * → 1 минута, 2 минуты, 5 минут, 11 минут, 21 минута, 22 минуты.
 */
export function pluralRu(n: number, forms: readonly [one: string, few: string, many: string]): string {
  const abs = Math.abs(Math.trunc(n));
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/**
 * Whole minutes shown to the person: rounded DOWN (never promise more time than the
 * code really has), at least 1.
 */
export function validityMinutes(validForSeconds: number): number {
  if (!Number.isFinite(validForSeconds)) return 1;
  return Math.max(1, Math.floor(validForSeconds / 60));
}

/** "5 минут" / "5 minutes" (nominative in Russian: "Срок действия кода — 5 минут"). */
export function formatMinutes(minutes: number, locale: Locale): string {
  if (locale === 'ru') return `${minutes} ${pluralRu(minutes, ['минута', 'минуты', 'минут'])}`;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailTextInput {
  code: string;
  locale: Locale;
  validForSeconds: number;
}

interface EmailStrings {
  subject: string;
  greeting: string;
  intro: string;
  validity: (duration: string) => string;
  notRequested: string;
  neverShare: string;
}

const EMAIL_STRINGS: Record<Locale, EmailStrings> = {
  ru: {
    subject: 'Код для входа в учебный профиль',
    greeting: 'Здравствуйте!',
    intro: 'Ваш код для входа в учебный профиль:',
    validity: (duration) => `Срок действия кода — ${duration}.`,
    notRequested:
      'Если вы не запрашивали код, просто проигнорируйте это письмо: без кода никто не получит доступ к вашему профилю.',
    neverShare: 'Никому не сообщайте этот код, даже тем, кто представляется сотрудником поддержки.',
  },
  en: {
    subject: 'Your sign-in code for the study profile',
    greeting: 'Hello!',
    intro: 'Your code to sign in to the study profile:',
    validity: (duration) => `The code is valid for ${duration}.`,
    notRequested:
      'If you did not request this code, simply ignore this email: nobody can access your profile without the code.',
    neverShare: 'Never share this code with anyone, even someone who claims to be from support.',
  },
};

/** Subject, plain-text and HTML bodies of the code e-mail. */
export function emailContent(input: EmailTextInput): EmailContent {
  const s = EMAIL_STRINGS[input.locale];
  const validity = s.validity(formatMinutes(validityMinutes(input.validForSeconds), input.locale));

  const text = [
    s.greeting,
    '',
    s.intro,
    '',
    `    ${input.code}`,
    '',
    validity,
    '',
    `${s.notRequested} ${s.neverShare}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${e(input.locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(s.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">',
    `<p>${e(s.greeting)}</p>`,
    `<p>${e(s.intro)}</p>`,
    `<p style="font-family:'Courier New',Courier,monospace;font-size:28px;font-weight:bold;letter-spacing:6px;">${e(input.code)}</p>`,
    `<p>${e(validity)}</p>`,
    `<p style="color:#555555;">${e(s.notRequested)} ${e(s.neverShare)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { subject: s.subject, text, html };
}
