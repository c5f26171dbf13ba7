// Where each fact about the person sits in the provider's claims, and how the
// values are turned into a `Person`. The defaults match ESIA (and the sandbox);
// any OpenID provider that carries the same facts under other names works by
// overriding the paths, without code changes.
//
// Claim path syntax (JSON Pointer, RFC 6901, with the leading "/" optional):
//   - segments are separated by "/": `urn:esia:sbj/urn:esia:sbj:is_tru` reads
//     claims["urn:esia:sbj"]["urn:esia:sbj:is_tru"];
//   - every other character is literal — colons, dots, spaces: `a.b` is ONE claim
//     named "a.b", never a nested path;
//   - inside a segment "~1" stands for "/" and "~0" for "~" (so a claim named
//     `https://example.com/age` is written `https:~1~1example.com~1age`);
//   - a segment made of digits indexes an array (`addresses/0/country`);
//   - empty segments (`a//b`, a trailing `/`, a bare `/`) and leading or trailing
//     whitespace are configuration errors (parseClaimPath reports them).
// `/sub` and `sub` are the same path.
//
// Values (mapClaims is lenient: a value of the wrong shape becomes null/false and
// is reported in `issues`, never thrown, because the login rules decide what a
// missing fact means — e.g. no birth date → incomplete_provider_data):
//   - subject, parentSubject: a non-empty string, or an integer (ESIA oids may be
//     numbers) turned into its decimal string. A missing subject throws
//     IncompleteProviderData: without it nothing can be linked.
//   - confirmed, phoneVerified, emailVerified, parentalConsent: true only for the
//     JSON boolean `true` (ESIA sends `is_tru` only when it is true; absent → false;
//     the string "true" is NOT accepted). A verified flag without the contact it
//     verifies is false.
//   - birthdate: `YYYY-MM-DD` (OIDC) or `dd.MM.yyyy` (ESIA REST), a real calendar
//     date, normalized to YYYY-MM-DD; anything else (including OIDC's year-less
//     `0000-MM-DD` and year-only `YYYY`) → null.
//   - gender: `male`/`female` (OIDC) or `M`/`F` (ESIA), case-insensitive → male/female.
//   - names: trimmed strings, empty → null.
//   - phone, email: strings exactly as given (normalizing is a login rule), empty → null.
import { IncompleteProviderData } from '../../domain/errors.js';
import type { Gender, Person } from '../../domain/person.js';

export type ClaimField =
  | 'subject'
  | 'confirmed'
  | 'familyName'
  | 'givenName'
  | 'middleName'
  | 'birthdate'
  | 'gender'
  | 'phone'
  | 'phoneVerified'
  | 'email'
  | 'emailVerified'
  | 'parentalConsent'
  | 'parentSubject';

/** For every Person fact, the claim path (syntax above) it is read from. */
export type ClaimMapping = Record<ClaimField, string>;

export const CLAIM_FIELDS: readonly ClaimField[] = [
  'subject',
  'confirmed',
  'familyName',
  'givenName',
  'middleName',
  'birthdate',
  'gender',
  'phone',
  'phoneVerified',
  'email',
  'emailVerified',
  'parentalConsent',
  'parentSubject',
];

export const DEFAULT_CLAIM_MAPPING: Readonly<ClaimMapping> = Object.freeze({
  subject: 'sub',
  confirmed: 'urn:esia:sbj/urn:esia:sbj:is_tru',
  familyName: 'family_name',
  givenName: 'given_name',
  middleName: 'middle_name',
  birthdate: 'birthdate',
  gender: 'gender',
  phone: 'phone_number',
  phoneVerified: 'phone_number_verified',
  email: 'email',
  emailVerified: 'email_verified',
  parentalConsent: 'parental_consent',
  parentSubject: 'parent_sub',
});

export type ClaimPathResult =
  | { ok: true; segments: readonly string[] }
  | { ok: false; problems: readonly string[] };

/** Parses a claim path (syntax in the module comment); problems are meant for config validation. */
export function parseClaimPath(text: string): ClaimPathResult {
  if (typeof text !== 'string') return { ok: false, problems: ['must be a string'] };
  if (text.length === 0) return { ok: false, problems: ['is empty'] };
  const problems: string[] = [];
  if (text.trim() !== text) problems.push('has leading or trailing whitespace');
  const body = text.startsWith('/') ? text.slice(1) : text;
  const segments: string[] = [];
  for (const [index, raw] of body.split('/').entries()) {
    if (raw.length === 0) {
      problems.push(`segment ${index + 1} is empty (paths look like "a/b"; "/" separates segments)`);
      continue;
    }
    if (/~(?![01])/.test(raw)) {
      problems.push(`segment ${index + 1} has "~" not followed by 0 or 1 (write "~0" for "~", "~1" for "/")`);
      continue;
    }
    segments.push(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, segments };
}

/** The inverse of parseClaimPath: segments → path text. */
export function formatClaimPath(segments: readonly string[]): string {
  return segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

/**
 * Problems of a mapping, each prefixed with `claims.<field>`. Unknown fields are
 * problems too; with `complete`, so are missing ones (for a resolved ClaimMapping).
 */
export function checkClaimMapping(
  mapping: Partial<Record<string, unknown>>,
  { complete = false }: { complete?: boolean } = {},
): string[] {
  const problems: string[] = [];
  if (complete) {
    for (const field of CLAIM_FIELDS) {
      if (mapping[field] === undefined) problems.push(`claims.${field} is missing`);
    }
  }
  for (const [field, path] of Object.entries(mapping)) {
    if (!(CLAIM_FIELDS as readonly string[]).includes(field)) {
      problems.push(`claims.${field} is not a known field (known: ${CLAIM_FIELDS.join(', ')})`);
      continue;
    }
    if (path === undefined) continue;
    const parsed = parseClaimPath(path as string);
    if (!parsed.ok) problems.push(...parsed.problems.map((p) => `claims.${field} ${p}`));
  }
  return problems;
}

/** The default mapping with some paths overridden. */
export function resolveClaimMapping(overrides: Partial<ClaimMapping> = {}): ClaimMapping {
  const mapping: ClaimMapping = { ...DEFAULT_CLAIM_MAPPING };
  for (const field of CLAIM_FIELDS) {
    const path = overrides[field];
    if (path !== undefined) mapping[field] = path;
  }
  return mapping;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `segments`, or undefined. Only own properties are followed (no prototype lookups). */
export function readClaim(claims: unknown, segments: readonly string[]): unknown {
  let current: unknown = claims;
  for (const segment of segments) {
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(segment)) {
      current = current[Number(segment)];
    } else if (isPlainObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > days) return null;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** `YYYY-MM-DD` or ESIA's `dd.MM.yyyy` → `YYYY-MM-DD`; anything else → null. */
export function parseBirthdate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const esia = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (esia) return calendarDate(Number(esia[3]), Number(esia[2]), Number(esia[1]));
  return null;
}

/** `male`/`female` or ESIA's `M`/`F`, any case → Gender; anything else → null. */
export function parseGender(value: unknown): Gender | null {
  if (typeof value !== 'string') return null;
  switch (value.trim().toLowerCase()) {
    case 'male':
    case 'm':
      return 'male';
    case 'female':
    case 'f':
      return 'female';
    default:
      return null;
  }
}

export interface MappedClaims {
  person: Person;
  /**
   * Facts that were present but unusable, as `<field>: <why>` — never the values,
   * so that they can be logged.
   */
  issues: string[];
}

/** Like mapClaims, and also says which present values were unusable. */
export function mapClaimsWithIssues(
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
  provider: string,
): MappedClaims {
  const issues: string[] = [];
  const read = (field: ClaimField): unknown => {
    const parsed = parseClaimPath(mapping[field]);
    if (!parsed.ok) throw new TypeError(`claim mapping for ${field} is invalid: ${parsed.problems.join('; ')}`);
    return readClaim(claims, parsed.segments);
  };
  const unusable = (field: ClaimField, why: string) => issues.push(`${field}: ${why}`);

  const identifier = (field: ClaimField): string | null => {
    const value = read(field);
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    unusable(field, 'not a non-empty string or integer');
    return null;
  };
  const flag = (field: ClaimField): boolean => {
    const value = read(field);
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') unusable(field, 'not a boolean');
    return value === true;
  };
  const name = (field: ClaimField): string | null => {
    const value = read(field);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      unusable(field, 'not a string');
      return null;
    }
    const trimmed = value.trim();
    return trimmed.length > 0 ? trimmed : null;
  };
  const raw = (field: ClaimField): string | null => {
    const value = read(field);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      unusable(field, 'not a string');
      return null;
    }
    return value.length > 0 ? value : null;
  };
  const parsed = <T>(field: ClaimField, parse: (value: unknown) => T | null, expected: string): T | null => {
    const value = read(field);
    if (value === undefined || value === null) return null;
    const result = parse(value);
    if (result === null) unusable(field, `not ${expected}`);
    return result;
  };

  const subject = identifier('subject');
  if (subject === null) throw IncompleteProviderData();
  // Read in CLAIM_FIELDS order so that issues come out in that order.
  const person: Person = {
    provider,
    subject,
    confirmed: flag('confirmed'),
    familyName: name('familyName'),
    givenName: name('givenName'),
    middleName: name('middleName'),
    birthdate: parsed('birthdate', parseBirthdate, 'a date (YYYY-MM-DD or dd.MM.yyyy)'),
    gender: parsed('gender', parseGender, 'male/female or M/F'),
    phone: raw('phone'),
    phoneVerified: flag('phoneVerified'),
    email: raw('email'),
    emailVerified: flag('emailVerified'),
    parentalConsent: flag('parentalConsent'),
    parentSubject: identifier('parentSubject'),
  };
  // A verified flag without the contact it verifies means nothing.
  if (person.phone === null) person.phoneVerified = false;
  if (person.email === null) person.emailVerified = false;
  return { person, issues };
}

/**
 * Claims (ID token and userinfo, merged) → Person. Pure. Throws
 * IncompleteProviderData when the subject is missing and a TypeError when the
 * mapping itself is invalid (validate it with checkClaimMapping at start-up).
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping, provider: string): Person {
  return mapClaimsWithIssues(claims, mapping, provider).person;
}
