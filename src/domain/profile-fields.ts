// What a profile's own fields may hold, whoever supplies them. Names are shown to
// people and compared with the provider's, so invisible characters are refused: a
// control character (NUL breaks Postgres text), a bidi override that makes a name
// read differently from what it is, a zero-width space that makes two names look
// equal. Birth dates run from 1900-01-01 to today in Moscow (see age.ts); anything
// else is a typo or an attempt, and year 0 is not a date Postgres can store.

export const EARLIEST_BIRTHDATE = '1900-01-01';

// Cc: controls (C0, DEL, C1); Cf: format characters (bidi controls, zero-width
// characters, BOM); Zl, Zp: line and paragraph separators; Cs: lone surrogates.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

export interface FieldProblem {
  path: string;
  message: string;
}

/** Why a name cannot be stored, or null when it can. */
export function nameProblem(name: string): string | null {
  if (INVISIBLE.test(name)) return 'must not contain control or invisible formatting characters';
  if (name.trim() === '') return 'must not be blank';
  return null;
}

/** Why a YYYY-MM-DD birth date cannot be stored on `today` (Moscow date), or null. */
export function birthdateProblem(birthdate: string, today: string): string | null {
  return birthdate < EARLIEST_BIRTHDATE || birthdate > today ? `must be between ${EARLIEST_BIRTHDATE} and today` : null;
}

/** Every problem with a new profile's names and birth date, as JSON-pointer paths. */
export function profileFieldProblems(
  fields: { familyName: string; givenName: string; middleName: string | null; birthdate: string },
  today: string,
): FieldProblem[] {
  const checks: [string, string | null][] = [
    ['/family_name', nameProblem(fields.familyName)],
    ['/given_name', nameProblem(fields.givenName)],
    ['/middle_name', fields.middleName === null ? null : nameProblem(fields.middleName)],
    ['/birthdate', birthdateProblem(fields.birthdate, today)],
  ];
  return checks.flatMap(([path, message]) => (message ? [{ path, message }] : []));
}
