// The person from ESIA's REST API with the access token: /rs/prns/{oid} (names,
// birth date dd.MM.yyyy, gender M/F) and /rs/prns/{oid}/ctts?embed=(elements)
// (contacts: MBT mobile phone written +7(999)0001101, EML e-mail, each with vrfStu
// VERIFIED/NOT_VERIFIED). They are assembled into one claims document that the
// claim mapping (claim-mapping.ts, DEFAULT_ESIA_CLAIM_MAPPING) turns into a Person,
// so the login rules see the same Person as from the oidc dialect: OIDC-style names,
// phones in E.164, and the raw documents under `prns`, `ctts` and `id_token` for
// facts whose place ESIA does not document (a child's parent and consent).
import { normalizePhone } from '../../../domain/contacts.js';
import { esiaJson, type EsiaHttp } from './esia-http.js';
import { ESIA_PATHS } from './esia-options.js';

interface Contact {
  type?: unknown;
  value?: unknown;
  vrfStu?: unknown;
}

/** The verified contact of a type if there is one, else the first of that type. */
function contactOf(elements: Contact[], type: 'MBT' | 'EML'): { value: string; verified: boolean } | null {
  const ofType = elements.filter((e) => e.type === type && typeof e.value === 'string' && e.value !== '');
  const chosen = ofType.find((e) => e.vrfStu === 'VERIFIED') ?? ofType[0];
  return chosen ? { value: chosen.value as string, verified: chosen.vrfStu === 'VERIFIED' } : null;
}

function elementsOf(ctts: Record<string, unknown>): Contact[] {
  const elements = ctts.elements;
  // Without embed=(elements) ESIA lists URLs; only embedded objects count.
  return Array.isArray(elements) ? elements.filter((e): e is Contact => typeof e === 'object' && e !== null) : [];
}

export function assembleClaims(
  oid: string,
  idClaims: Record<string, unknown>,
  prns: Record<string, unknown>,
  ctts: Record<string, unknown>,
): Record<string, unknown> {
  const elements = elementsOf(ctts);
  const phone = contactOf(elements, 'MBT');
  const email = contactOf(elements, 'EML');
  return {
    sub: oid,
    'urn:esia:sbj': idClaims['urn:esia:sbj'],
    family_name: prns.lastName,
    given_name: prns.firstName,
    middle_name: prns.middleName,
    birthdate: prns.birthDate,
    gender: prns.gender,
    ...(phone ? { phone_number: normalizePhone(phone.value) ?? phone.value, phone_number_verified: phone.verified } : {}),
    ...(email ? { email: email.value, email_verified: email.verified } : {}),
    prns,
    ctts,
    id_token: idClaims,
  };
}

export async function fetchPersonData(http: EsiaHttp, baseUrl: string, oid: string, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}` };
  const person = `${baseUrl}${ESIA_PATHS.person}/${encodeURIComponent(oid)}`;
  const [prns, ctts] = await Promise.all([
    esiaJson(http, 'person', person, { headers }),
    esiaJson(http, 'contacts', `${person}/ctts?embed=(elements)`, { headers }),
  ]);
  return { prns, ctts };
}
