// ESIA's REST data API (/rs/prns) with ESIA's own field names and formats, so the
// service's ESIA client is exercised against the same shapes as production.
// Access is by the bearer token from the login (either dialect) and only for its own
// person. A child's document also says whether a parent consented and which parent
// is linked (`parentalConsent`, `parentOid`): ESIA does not document where it keeps
// these, so this is the sandbox's model (the esia dialect's default claim mapping).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { birthdateFor, findPersona, findPersonaByOid, isChild, personas, type Persona } from './personas.js';

/** The oid an access token was issued for, or undefined when it is unknown or expired. */
export type AccountOf = (accessToken: string) => Promise<string | undefined>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function unauthorized(res: ServerResponse, description: string): void {
  sendJson(
    res,
    401,
    { error: 'invalid_token', error_description: description },
    { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  );
}

// ESIA writes dates as dd.MM.yyyy.
function esiaDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

// ESIA's mobile format: +7(999)0001122.
function esiaMobile(e164: string): string {
  return `${e164.slice(0, 2)}(${e164.slice(2, 5)})${e164.slice(5)}`;
}

function person(persona: Persona, now: Date) {
  return {
    oid: persona.oid,
    firstName: persona.given_name,
    lastName: persona.family_name,
    middleName: persona.middle_name,
    birthDate: esiaDate(birthdateFor(persona, now)),
    gender: persona.gender === 'male' ? 'M' : 'F',
  };
}

function contacts(persona: Persona) {
  const status = (verified: boolean | undefined) => (verified ? 'VERIFIED' : 'NOT_VERIFIED');
  const elements = [
    ...(persona.phone === undefined
      ? []
      : [{ type: 'MBT', value: esiaMobile(persona.phone), vrfStu: status(persona.phone_verified) }]),
    ...(persona.email === undefined
      ? []
      : [{ type: 'EML', value: persona.email, vrfStu: status(persona.email_verified) }]),
  ];
  return { size: elements.length, elements };
}

function guardianship(persona: Persona) {
  if (!isChild(persona)) return {};
  const parent = persona.parent === undefined ? undefined : findPersona(persona.parent);
  return { parentalConsent: persona.parental_consent === true, ...(parent ? { parentOid: parent.oid } : {}) };
}

function kids(persona: Persona, now: Date) {
  const elements = personas.filter((p) => p.parent === persona.id).map((p) => person(p, now));
  return { size: elements.length, elements };
}

export function esiaRestHandler(accountOf: AccountOf, now: () => Date) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const match = /^\/rs\/prns\/(\d+)(?:\/(ctts|kids))?$/.exec(path);
    if (!match) return sendJson(res, 404, { error: 'not_found' });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });

    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return unauthorized(res, 'bearer access token required');
    const account = await accountOf(bearer);
    if (!account) return unauthorized(res, 'access token is invalid or expired');

    const [, oid = '', collection] = match;
    // A parent sees their kids only through their own oid, like everyone else's data.
    if (account !== oid) {
      return sendJson(res, 403, { error: 'access_denied', error_description: 'token was issued for another person' });
    }
    const persona = findPersonaByOid(oid);
    if (!persona) return sendJson(res, 404, { error: 'not_found' });

    const today = now();
    if (collection === 'ctts') return sendJson(res, 200, contacts(persona));
    if (collection === 'kids') return sendJson(res, 200, kids(persona, today));
    return sendJson(res, 200, { ...person(persona, today), trusted: persona.confirmed, ...guardianship(persona) });
  };
}
