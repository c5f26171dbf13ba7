// Fictional people the sandbox can sign in as. The JSON file is the single source
// for the sandbox, its tests and the service's dev seeding; ages are stored as a
// spec rather than a birthdate so that a 12-year-old stays 12 as years go by.
import { readFileSync } from 'node:fs';

export type Gender = 'male' | 'female';

export interface AgeSpec {
  years: number;
  /** 0..364: how long ago, in Moscow calendar days, the last birthday was. */
  daysAfterBirthday: number;
}

export interface Persona {
  id: string;
  oid: string;
  family_name: string;
  given_name: string;
  middle_name: string;
  gender: Gender;
  age: AgeSpec;
  confirmed: boolean;
  phone?: string;
  phone_verified?: boolean;
  email?: string;
  email_verified?: boolean;
  parental_consent?: boolean;
  /** Persona id of the linked parent. */
  parent?: string;
  description: string;
}

/** People who never sign in at the sandbox but whom the service knows (e.g. a twin sharing a phone). */
export interface ServiceOnlyPerson {
  id: string;
  twinOf: string;
  family_name: string;
  given_name: string;
  middle_name: string;
  gender: Gender;
}

export interface EsiaSubject {
  'urn:esia:sbj:typ': 'P';
  'urn:esia:sbj:oid': string;
  'urn:esia:sbj:lvl': 'P' | 'PR' | 'KD';
  'urn:esia:sbj:is_tru'?: true;
}

export interface PersonaClaims {
  sub: string;
  family_name: string;
  given_name: string;
  middle_name: string;
  birthdate: string;
  gender: Gender;
  phone_number?: string;
  phone_number_verified?: boolean;
  email?: string;
  email_verified?: boolean;
  'urn:esia:sbj': EsiaSubject;
  parental_consent?: boolean;
  parent_sub?: string;
}

interface PersonaFile {
  personas: Persona[];
  serviceOnlyPeople: ServiceOnlyPerson[];
}

// Read at runtime (not a JSON import) so the same code works from src via tsx and from dist.
const file = JSON.parse(
  readFileSync(new URL('./personas.json', import.meta.url), 'utf8'),
) as PersonaFile;

export const personas: readonly Persona[] = file.personas;
export const serviceOnlyPeople: readonly ServiceOnlyPerson[] = file.serviceOnlyPeople;

export function findPersona(id: string): Persona | undefined {
  return personas.find((p) => p.id === id);
}

export function findPersonaByOid(oid: string): Persona | undefined {
  return personas.find((p) => p.oid === oid);
}

export function isChild(persona: Pick<Persona, 'age'>): boolean {
  return persona.age.years < 18;
}

// ESIA and its users live on Moscow time: shortly after midnight in Moscow it is
// still "yesterday" in UTC, and a birthday must follow the Moscow date.
const moscowCalendar = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

function moscowToday(now: Date): { year: number; month: number; day: number } {
  const part = (type: string) =>
    Number(moscowCalendar.formatToParts(now).find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function birthdateFor(persona: Pick<Persona, 'age'>, now: Date): string {
  const { year, month, day } = moscowToday(now);
  // Date.UTC normalises a negative day into the previous months/years.
  const lastBirthday = new Date(Date.UTC(year, month - 1, day - persona.age.daysAfterBirthday));
  const birthYear = lastBirthday.getUTCFullYear() - persona.age.years;
  const birthMonth = lastBirthday.getUTCMonth() + 1;
  let birthDay = lastBirthday.getUTCDate();
  // The last birthday fell on 29 February but the birth year has none: 28 February
  // keeps the age exact (such a person has already turned `years` on the leap day).
  if (birthMonth === 2 && birthDay === 29 && !isLeapYear(birthYear)) birthDay = 28;
  return `${pad(birthYear, 4)}-${pad(birthMonth)}-${pad(birthDay)}`;
}

export function accountLevel(persona: Persona): EsiaSubject['urn:esia:sbj:lvl'] {
  if (isChild(persona)) return 'KD';
  return persona.confirmed ? 'PR' : 'P';
}

function esiaSubject(persona: Persona): EsiaSubject {
  return {
    'urn:esia:sbj:typ': 'P',
    'urn:esia:sbj:oid': persona.oid,
    'urn:esia:sbj:lvl': accountLevel(persona),
    // ESIA sends is_tru only for confirmed accounts; it is never `false`.
    ...(persona.confirmed ? { 'urn:esia:sbj:is_tru': true as const } : {}),
  };
}

export function claimsFor(persona: Persona, now: Date): PersonaClaims {
  const parent = persona.parent === undefined ? undefined : findPersona(persona.parent);
  const child = isChild(persona);
  return {
    sub: persona.oid,
    family_name: persona.family_name,
    given_name: persona.given_name,
    middle_name: persona.middle_name,
    birthdate: birthdateFor(persona, now),
    gender: persona.gender,
    ...(persona.phone === undefined
      ? {}
      : { phone_number: persona.phone, phone_number_verified: persona.phone_verified === true }),
    ...(persona.email === undefined
      ? {}
      : { email: persona.email, email_verified: persona.email_verified === true }),
    'urn:esia:sbj': esiaSubject(persona),
    ...(child ? { parental_consent: persona.parental_consent === true } : {}),
    ...(child && parent ? { parent_sub: parent.oid } : {}),
  };
}
