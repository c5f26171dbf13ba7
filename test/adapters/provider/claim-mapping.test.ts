// Claim paths and claims → Person, as tables. All data fictional.
import t from 'tap';
import {
  checkClaimMapping,
  DEFAULT_CLAIM_MAPPING,
  formatClaimPath,
  mapClaims,
  mapClaimsWithIssues,
  parseBirthdate,
  parseClaimPath,
  parseGender,
  readClaim,
  resolveClaimMapping,
} from '../../../src/adapters/provider/claim-mapping.js';
import { BridgeError } from '../../../src/domain/errors.js';
import type { Person } from '../../../src/domain/person.js';

const ISSUER = 'https://esia.example.test';

t.test('parseClaimPath', async (t) => {
  const good: [string, string[]][] = [
    ['sub', ['sub']],
    ['/sub', ['sub']],
    ['urn:esia:sbj/urn:esia:sbj:is_tru', ['urn:esia:sbj', 'urn:esia:sbj:is_tru']],
    ['/urn:esia:sbj/urn:esia:sbj:is_tru', ['urn:esia:sbj', 'urn:esia:sbj:is_tru']],
    ['a.b', ['a.b']],
    ['https:~1~1example.com~1age', ['https://example.com/age']],
    ['til~0de/x', ['til~de', 'x']],
    ['~01', ['~1']],
    ['addresses/0/country', ['addresses', '0', 'country']],
    ['имя', ['имя']],
  ];
  for (const [text, segments] of good) {
    t.same(parseClaimPath(text), { ok: true, segments }, text);
  }
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['/', /segment 1 is empty/],
    ['a//b', /segment 2 is empty/],
    ['a/', /segment 2 is empty/],
    [' sub', /whitespace/],
    ['sub ', /whitespace/],
    ['a~2b', /~/],
    ['a~', /~/],
  ];
  for (const [text, problem] of bad) {
    const result = parseClaimPath(text);
    t.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) t.match(result.problems.join('; '), problem, JSON.stringify(text));
  }
  t.same(parseClaimPath(42 as unknown as string), { ok: false, problems: ['must be a string'] });
});

t.test('formatClaimPath is the inverse of parseClaimPath', async (t) => {
  for (const segments of [['sub'], ['urn:esia:sbj', 'urn:esia:sbj:is_tru'], ['https://x.test/a~b', '0']]) {
    const text = formatClaimPath(segments);
    t.same(parseClaimPath(text), { ok: true, segments }, text);
  }
});

t.test('readClaim follows own properties and array indices only', async (t) => {
  const claims = { a: { 'b:c': [10, { d: 'deep' }] }, n: null };
  t.equal(readClaim(claims, ['a', 'b:c', '1', 'd']), 'deep');
  t.equal(readClaim(claims, ['a', 'b:c', '0']), 10);
  t.equal(readClaim(claims, ['a', 'b:c', '01']), undefined, 'no leading zeros');
  t.equal(readClaim(claims, ['a', 'missing']), undefined);
  t.equal(readClaim(claims, ['n', 'x']), undefined);
  t.equal(readClaim(claims, ['a', 'toString']), undefined, 'prototype not followed');
  t.equal(readClaim(claims, ['__proto__']), undefined);
  t.equal(readClaim('text', ['length']), undefined);
});

t.test('checkClaimMapping and resolveClaimMapping', async (t) => {
  t.same(checkClaimMapping(DEFAULT_CLAIM_MAPPING, { complete: true }), []);
  t.same(checkClaimMapping({ birthdate: 'profile/birth' }), []);
  t.match(checkClaimMapping({ birthdate: 'a//b' }), [/^claims\.birthdate segment 2 is empty/]);
  t.match(checkClaimMapping({ age: 'x' }), [/^claims\.age is not a known field/]);
  t.match(checkClaimMapping({ subject: 'sub' }, { complete: true }), [/claims\.confirmed is missing/]);
  const resolved = resolveClaimMapping({ confirmed: 'trusted', phone: 'mobile' });
  t.equal(resolved.confirmed, 'trusted');
  t.equal(resolved.phone, 'mobile');
  t.equal(resolved.email, 'email');
  t.equal(DEFAULT_CLAIM_MAPPING.confirmed, 'urn:esia:sbj/urn:esia:sbj:is_tru', 'defaults untouched');
  t.ok(Object.isFrozen(DEFAULT_CLAIM_MAPPING));
});

t.test('parseBirthdate', async (t) => {
  const table: [unknown, string | null][] = [
    ['1990-04-05', '1990-04-05'],
    ['05.04.1990', '1990-04-05'],
    ['29.02.2012', '2012-02-29'],
    ['2012-02-29', '2012-02-29'],
    ['29.02.2013', null],
    ['2013-02-29', null],
    ['1900-02-29', null],
    ['2000-02-29', '2000-02-29'],
    ['31.04.1990', null],
    ['1990-13-01', null],
    ['1990-00-10', null],
    ['00.01.1990', null],
    ['0000-04-05', null],
    ['1990', null],
    ['1990-4-5', null],
    ['5.4.1990', null],
    ['1990-04-05T00:00:00Z', null],
    ['04/05/1990', null],
    [19900405, null],
    [null, null],
    ['', null],
  ];
  for (const [input, expected] of table) t.equal(parseBirthdate(input), expected, JSON.stringify(input));
});

t.test('parseGender', async (t) => {
  const table: [unknown, string | null][] = [
    ['male', 'male'],
    ['female', 'female'],
    ['M', 'male'],
    ['F', 'female'],
    ['m', 'male'],
    ['Female', 'female'],
    [' F ', 'female'],
    ['X', null],
    ['other', null],
    ['', null],
    [1, null],
    [undefined, null],
  ];
  for (const [input, expected] of table) t.equal(parseGender(input), expected, JSON.stringify(input));
});

const esiaClaims = {
  sub: '1000000101',
  family_name: 'Соколов',
  given_name: 'Андрей',
  middle_name: 'Викторович',
  birthdate: '1991-02-10',
  gender: 'male',
  phone_number: '+79990001101',
  phone_number_verified: true,
  email: 'a.sokolov@example.ru',
  email_verified: true,
  'urn:esia:sbj': { 'urn:esia:sbj:typ': 'P', 'urn:esia:sbj:oid': '1000000101', 'urn:esia:sbj:lvl': 'PR', 'urn:esia:sbj:is_tru': true },
};

const esiaPerson: Person = {
  provider: ISSUER,
  subject: '1000000101',
  familyName: 'Соколов',
  givenName: 'Андрей',
  middleName: 'Викторович',
  birthdate: '1991-02-10',
  gender: 'male',
  confirmed: true,
  phone: '+79990001101',
  phoneVerified: true,
  email: 'a.sokolov@example.ru',
  emailVerified: true,
  parentalConsent: false,
  parentSubject: null,
};

t.test('mapClaims with the default (ESIA) mapping', async (t) => {
  const cases: { name: string; claims: Record<string, unknown>; expect: Partial<Person>; issues?: string[] }[] = [
    { name: 'confirmed adult', claims: esiaClaims, expect: {} },
    {
      name: 'unconfirmed: is_tru absent',
      claims: { ...esiaClaims, 'urn:esia:sbj': { 'urn:esia:sbj:typ': 'P', 'urn:esia:sbj:lvl': 'P' } },
      expect: { confirmed: false },
    },
    { name: 'no urn:esia:sbj at all', claims: { ...esiaClaims, 'urn:esia:sbj': undefined }, expect: { confirmed: false } },
    {
      name: 'is_tru as the string "true" is not confirmed',
      claims: { ...esiaClaims, 'urn:esia:sbj': { 'urn:esia:sbj:is_tru': 'true' } },
      expect: { confirmed: false },
      issues: ['confirmed: not a boolean'],
    },
    {
      name: 'is_tru false',
      claims: { ...esiaClaims, 'urn:esia:sbj': { 'urn:esia:sbj:is_tru': false } },
      expect: { confirmed: false },
    },
    {
      name: 'ESIA REST formats: dd.MM.yyyy and M/F',
      claims: { ...esiaClaims, birthdate: '10.02.1991', gender: 'F' },
      expect: { birthdate: '1991-02-10', gender: 'female' },
    },
    {
      name: 'unusable birthdate and gender become null and are reported',
      claims: { ...esiaClaims, birthdate: '1991', gender: 'unknown' },
      expect: { birthdate: null, gender: null },
      issues: ['birthdate: not a date (YYYY-MM-DD or dd.MM.yyyy)', 'gender: not male/female or M/F'],
    },
    {
      name: 'no contacts',
      claims: { ...esiaClaims, phone_number: undefined, phone_number_verified: undefined, email: undefined, email_verified: undefined },
      expect: { phone: null, phoneVerified: false, email: null, emailVerified: false },
    },
    {
      name: 'unverified contacts stay raw',
      claims: { ...esiaClaims, phone_number: '+7(999)0001101', phone_number_verified: false, email: ' A.Sokolov@Example.RU', email_verified: false },
      expect: { phone: '+7(999)0001101', phoneVerified: false, email: ' A.Sokolov@Example.RU', emailVerified: false },
    },
    {
      name: 'a verified flag without the contact is false',
      claims: { ...esiaClaims, phone_number: undefined, phone_number_verified: true },
      expect: { phone: null, phoneVerified: false },
    },
    {
      name: 'child with consent and linked parent',
      claims: { ...esiaClaims, parental_consent: true, parent_sub: '1000000111' },
      expect: { parentalConsent: true, parentSubject: '1000000111' },
    },
    {
      name: 'numeric oids become strings',
      claims: { ...esiaClaims, sub: 1000000101, parent_sub: 1000000111 },
      expect: { subject: '1000000101', parentSubject: '1000000111' },
    },
    {
      name: 'names are trimmed, empty names are null',
      claims: { ...esiaClaims, family_name: '  Соколов ', middle_name: '' },
      expect: { familyName: 'Соколов', middleName: null },
    },
    {
      name: 'wrong types are null and reported, without values',
      claims: { ...esiaClaims, given_name: 7, email: ['x@example.ru'], email_verified: 'yes', parent_sub: { id: 1 } },
      expect: { givenName: null, email: null, emailVerified: false, parentSubject: null },
      issues: ['givenName: not a string', 'email: not a string', 'emailVerified: not a boolean', 'parentSubject: not a non-empty string or integer'],
    },
    {
      name: 'null claims count as absent',
      claims: { ...esiaClaims, middle_name: null, parental_consent: null },
      expect: { middleName: null, parentalConsent: false },
    },
  ];
  for (const c of cases) {
    const { person, issues } = mapClaimsWithIssues(JSON.parse(JSON.stringify(c.claims)), DEFAULT_CLAIM_MAPPING, ISSUER);
    t.same(person, { ...esiaPerson, ...c.expect }, c.name);
    t.same(issues, c.issues ?? [], `${c.name}: issues`);
    for (const issue of issues) t.notMatch(issue, /Соколов|@|\+7|1000000/, 'issues carry no values');
  }
});

t.test('a missing subject is incomplete provider data', async (t) => {
  for (const sub of [undefined, '', null, -1, 1.5, {}]) {
    try {
      mapClaims({ ...esiaClaims, sub }, DEFAULT_CLAIM_MAPPING, ISSUER);
      t.fail(`accepted ${JSON.stringify(sub)}`);
    } catch (error) {
      t.ok(error instanceof BridgeError && error.code === 'incomplete_provider_data', JSON.stringify(sub));
    }
  }
});

t.test('an invalid mapping is a programming error', async (t) => {
  t.throws(() => mapClaims(esiaClaims, { ...DEFAULT_CLAIM_MAPPING, gender: 'a//b' }, ISSUER), TypeError);
});

t.test('overrides: another provider carrying the same facts under other names', async (t) => {
  const mapping = resolveClaimMapping({
    subject: 'uid',
    confirmed: 'https:~1~1id.example.test~1claims/identity_verified',
    familyName: 'name/last',
    givenName: 'name/first',
    middleName: 'name/patronymic',
    birthdate: 'dob',
    gender: 'sex',
    phone: 'contacts/0/value',
    phoneVerified: 'contacts/0/verified',
    email: 'contacts/1/value',
    emailVerified: 'contacts/1/verified',
    parentalConsent: 'guardian/consent',
    parentSubject: 'guardian/uid',
  });
  const claims = {
    sub: 'ignored-sub',
    uid: 77,
    'https://id.example.test/claims': { identity_verified: true },
    name: { last: 'Петрова', first: 'Ольга', patronymic: 'Сергеевна' },
    dob: '01.03.2013',
    sex: 'f',
    contacts: [
      { value: '+79990009999', verified: true },
      { value: 'olga.p@example.com', verified: false },
    ],
    guardian: { consent: true, uid: '55' },
  };
  t.same(mapClaims(claims, mapping, 'https://id.example.test'), {
    provider: 'https://id.example.test',
    subject: '77',
    familyName: 'Петрова',
    givenName: 'Ольга',
    middleName: 'Сергеевна',
    birthdate: '2013-03-01',
    gender: 'female',
    confirmed: true,
    phone: '+79990009999',
    phoneVerified: true,
    email: 'olga.p@example.com',
    emailVerified: false,
    parentalConsent: true,
    parentSubject: '55',
  });
  const dotted = resolveClaimMapping({ familyName: 'name.last' });
  t.equal(mapClaims({ ...claims, uid: 1, 'name.last': 'Точка' }, { ...dotted, subject: 'uid' }, 'x').familyName, 'Точка', 'a dot is part of the name');
});
