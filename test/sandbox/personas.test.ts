import t from 'tap';
import {
  birthdateFor,
  claimsFor,
  findPersona,
  findPersonaByOid,
  isChild,
  personas,
  serviceOnlyPeople,
} from '../../src/sandbox/personas.js';

const age = (years: number, daysAfterBirthday: number) => ({ age: { years, daysAfterBirthday } });

t.test('birthdateFor keeps ages right on the Moscow calendar', async (t) => {
  const cases: [string, string, ReturnType<typeof age>, string][] = [
    ['an ordinary day', '2025-06-15T09:00:00Z', age(12, 40), '2013-05-06'],
    ['birthday today', '2025-06-15T09:00:00Z', age(12, 0), '2013-06-15'],
    ['birthday tomorrow', '2025-06-15T09:00:00Z', age(12, 364), '2012-06-16'],
    ['across new year', '2025-01-10T09:00:00Z', age(12, 40), '2012-12-01'],
    ['00:30 in Moscow is still the previous day in UTC', '2025-06-14T21:30:00Z', age(12, 0), '2013-06-15'],
    ['23:59 in Moscow', '2025-06-14T20:59:59Z', age(12, 0), '2013-06-14'],
    ['leap day, leap birth year', '2028-02-29T12:00:00Z', age(12, 0), '2016-02-29'],
    ['leap day, common birth year', '2028-02-29T12:00:00Z', age(15, 0), '2013-02-28'],
    ['day after a leap day', '2028-03-01T12:00:00Z', age(15, 1), '2013-02-28'],
    ['1 March of a leap year', '2024-03-01T12:00:00Z', age(30, 0), '1994-03-01'],
    ['1 March of a common year', '2025-03-01T12:00:00Z', age(30, 1), '1995-02-28'],
  ];
  for (const [name, now, spec, birthdate] of cases) {
    t.equal(birthdateFor(spec, new Date(now)), birthdate, name);
  }
});

// Independent of birthdateFor: full years between two ISO dates.
function ageOn(birthdate: string, today: string): number {
  const [by, bm, bd] = birthdate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

t.test('every persona has its stated age on every day of a leap cycle', async (t) => {
  let mismatches = 0;
  for (let day = 0; day < 4 * 366; day += 1) {
    const now = new Date(Date.UTC(2027, 0, 1, 21, 30) + day * 86_400_000); // 00:30 in Moscow
    const moscowToday = new Date(now.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
    for (const persona of personas) {
      if (ageOn(birthdateFor(persona, now), moscowToday) !== persona.age.years) mismatches += 1;
    }
  }
  t.equal(mismatches, 0);
});

t.test('the persona file is complete, consistent and fictional', async (t) => {
  t.same(
    personas.map((p) => p.id),
    [
      'adult-phone-email',
      'adult-email-only',
      'adult-phone-only',
      'adult-unconfirmed',
      'adult-unverified-contacts',
      'child12-consent',
      'child12-no-consent',
      'child12-no-parent',
      'teen15-phone',
      'teen15-email',
      'parent',
      'adult-shared-phone',
      'twin-a',
    ],
  );
  t.equal(new Set(personas.map((p) => p.oid)).size, personas.length, 'oids are unique');
  for (const p of personas) {
    t.match(p.oid, /^\d+$/, `${p.id} oid`);
    t.ok(p.description.length > 10, `${p.id} description`);
    t.ok(p.age.daysAfterBirthday >= 0 && p.age.daysAfterBirthday < 365, `${p.id} age spec`);
    if (p.phone !== undefined) t.match(p.phone, /^\+7999000\d{4}$/, `${p.id} phone in the fictional range`);
    if (p.email !== undefined) t.match(p.email, /@example\.(ru|com)$/, `${p.id} e-mail on an example domain`);
    if (p.parent !== undefined) t.ok(findPersona(p.parent), `${p.id} parent exists`);
    if (isChild(p)) t.type(p.parental_consent, 'boolean', `${p.id} consent stated`);
  }
  t.equal(findPersona('adult-shared-phone')?.phone, findPersona('teen15-phone')?.phone, 'family phone is shared');
  t.same(serviceOnlyPeople.map((p) => [p.id, p.twinOf]), [['twin-b', 'twin-a']]);
  t.equal(findPersonaByOid(findPersona('twin-a')!.oid)?.id, 'twin-a');
  t.equal(findPersona('nobody'), undefined);
});

t.test('claimsFor follows ESIA: is_tru only when confirmed, KD for children, parent link', async (t) => {
  const now = new Date('2025-06-15T09:00:00Z');
  const claims = (id: string) => claimsFor(findPersona(id)!, now);

  t.strictSame(claims('adult-unconfirmed')['urn:esia:sbj'], {
    'urn:esia:sbj:typ': 'P',
    'urn:esia:sbj:oid': findPersona('adult-unconfirmed')!.oid,
    'urn:esia:sbj:lvl': 'P',
  });
  t.equal(claims('adult-phone-email')['urn:esia:sbj']['urn:esia:sbj:is_tru'], true);
  t.equal(claims('adult-phone-email')['urn:esia:sbj']['urn:esia:sbj:lvl'], 'PR');
  t.notOk('parental_consent' in claims('adult-phone-email'), 'adults carry no consent claim');

  t.match(claims('child12-consent'), {
    parental_consent: true,
    parent_sub: findPersona('parent')!.oid,
    'urn:esia:sbj': { 'urn:esia:sbj:lvl': 'KD', 'urn:esia:sbj:is_tru': true },
  });
  t.equal(claims('child12-no-consent').parental_consent, false);
  t.notOk('parent_sub' in claims('child12-no-parent'));
  t.notOk('phone_number' in claims('adult-email-only'));
  t.notOk('email' in claims('adult-phone-only'));
  t.strictSame(
    [claims('adult-unverified-contacts').phone_number_verified, claims('adult-unverified-contacts').email_verified],
    [false, false],
  );
});
