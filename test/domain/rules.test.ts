import t from 'tap';
import { moscowDate, type AgeGroup } from '../../src/domain/age.js';
import type { Contacts } from '../../src/domain/contacts.js';
import { AccountNotVerified, IncompleteProviderData, NoVerifiedContact } from '../../src/domain/errors.js';
import { normalizeName, sameName } from '../../src/domain/names.js';
import type { Person, ProfileRecord } from '../../src/domain/person.js';
import { decide, reviewAfterDecline, type CandidateProfile, type Decision, type RuleInput } from '../../src/domain/rules.js';

const TODAY = '2026-03-02';
const IVAN_PHONE = '+79161234567'; // Ivan's own phone, also registered on his children's profiles
const KID_PHONE = '+79990001122';
const TWINS_PHONE = '+79991234567';

// Personas: people as the provider describes them.
function person(over: Partial<Person> = {}): Person {
  return {
    provider: 'https://esia.example',
    subject: 'oid-ivan',
    familyName: 'Иванов',
    givenName: 'Иван',
    middleName: 'Петрович',
    birthdate: '1990-05-10',
    gender: 'male',
    confirmed: true,
    phone: '+7(916)1234567',
    phoneVerified: true,
    email: 'Ivanov@Mail.ru',
    emailVerified: true,
    parentalConsent: false,
    parentSubject: null,
    ...over,
  };
}
const ivan = person;
const emailOnly = (over: Partial<Person> = {}) => ivan({ phone: null, phoneVerified: false, ...over });
const unverified = (over: Partial<Person> = {}) =>
  ivan({ phoneVerified: false, emailVerified: false, ...over });
// Masha, 12: her own ESIA phone and e-mail; her profile was registered with her father's phone.
const masha = (over: Partial<Person> = {}) =>
  person({
    subject: 'oid-masha',
    givenName: 'Мария',
    familyName: 'Иванова',
    middleName: 'Ивановна',
    birthdate: '2013-06-15',
    gender: 'female',
    phone: '+7 (999) 000-11-22',
    email: 'masha@mail.ru',
    parentalConsent: true,
    parentSubject: 'oid-ivan',
    ...over,
  });
// Petya, 15: his ESIA account carries his father's phone.
const petya = (over: Partial<Person> = {}) =>
  person({
    subject: 'oid-petya',
    givenName: 'Пётр',
    birthdate: '2010-09-01',
    email: 'petya@mail.ru',
    ...over,
  });
// Anna, 15, one of twins whose profiles both carry their mother's phone.
const anna = (over: Partial<Person> = {}) =>
  person({
    subject: 'oid-anna',
    familyName: 'Смирнова',
    givenName: 'Анна',
    birthdate: '2011-01-20',
    gender: 'female',
    phone: TWINS_PHONE,
    email: 'anna@mail.ru',
    ...over,
  });

// Profiles as the bridge stores them.
function profile(over: Partial<CandidateProfile> & { id: string }): CandidateProfile {
  return {
    familyName: 'Иванов',
    givenName: 'Иван',
    middleName: 'Петрович',
    birthdate: '1990-05-10',
    gender: 'male',
    phone: IVAN_PHONE,
    email: 'ivanov@mail.ru',
    linkedSubjects: [],
    ...over,
  };
}
const P_IVAN = profile({ id: 'p-ivan' });
const P_MASHA = profile({
  id: 'p-masha',
  familyName: 'Иванова',
  givenName: 'Мария',
  birthdate: '2013-06-15',
  gender: 'female',
  email: 'masha@mail.ru',
});
const P_PETYA = profile({ id: 'p-petya', givenName: 'Пётр', birthdate: '2010-09-01', email: null });
const twin = (id: string, givenName: string, email: string) =>
  profile({
    id,
    familyName: 'Смирнова',
    givenName,
    birthdate: '2011-01-20',
    gender: 'female',
    phone: TWINS_PHONE,
    email,
  });
const P_ANNA = twin('p-anna', 'Анна', 'anna@mail.ru');
const P_MARIA = twin('p-maria', 'Мария', 'maria@mail.ru');
// Twins given the same name (it happens): the rules cannot tell them apart, the person does.
const P_ANNA_TOO = twin('p-anna-too', 'Анна', 'anna2@mail.ru');

function input(who: Person, over: Partial<Omit<RuleInput, 'person'>> = {}): RuleInput {
  return {
    person: who,
    today: TODAY,
    linkedProfile: null,
    byPhone: [],
    byEmail: [],
    policy: { linkedLoginOtp: 'always', channels: ['sms', 'email'] },
    ...over,
  };
}

// A decision reduced to what a row asserts: codes, ids and "channel:destination".
function view(d: Decision) {
  const dest = (x: { channel: string; destination: string }) => `${x.channel}:${x.destination}`;
  switch (d.kind) {
    case 'rejected':
      return { kind: d.kind, code: d.error.code, ageGroup: d.ageGroup ?? null };
    case 'otp_required':
      return {
        kind: d.kind,
        ageGroup: d.ageGroup,
        candidates: d.candidates.map((c) => c.id),
        linked: d.linked,
        destination: dest(d.destination),
        alternatives: d.alternatives.map(dest),
      };
    case 'completing':
      return { kind: d.kind, ageGroup: d.ageGroup, profile: d.profile.id };
    case 'profile_review':
      return { kind: d.kind, ageGroup: d.ageGroup, contact: d.contact };
  }
}
const rejected = (code: string, ageGroup: AgeGroup | null = null) => ({ kind: 'rejected', code, ageGroup });
const otp = (
  ageGroup: AgeGroup,
  candidates: string[],
  destination: string,
  alternatives: string[] = [],
  linked = false,
) => ({ kind: 'otp_required', ageGroup, candidates, linked, destination, alternatives });
const review = (ageGroup: AgeGroup, contact: Contacts) => ({ kind: 'profile_review', ageGroup, contact });
const completing = (ageGroup: AgeGroup, id: string) => ({ kind: 'completing', ageGroup, profile: id });

const SMS_IVAN = `sms:${IVAN_PHONE}`;
const EMAIL_IVAN = 'email:ivanov@mail.ru';
const VIA_PHONE = { phone: IVAN_PHONE, email: null };

const rows: { name: string; input: RuleInput; want: object }[] = [
  // Rule 1: confirmed accounts only.
  {
    name: 'R1 an unconfirmed account is refused, even with a profile',
    input: input(ivan({ confirmed: false }), { byPhone: [P_IVAN] }),
    want: rejected('account_not_verified'),
  },

  // Rule 2: age and a parent's consent.
  {
    name: 'R2 missing birth date',
    input: input(ivan({ birthdate: null })),
    want: rejected('incomplete_provider_data'),
  },
  {
    name: 'R2 birth date in the provider layout, not converted',
    input: input(ivan({ birthdate: '10.05.1990' })),
    want: rejected('incomplete_provider_data'),
  },
  {
    name: 'R2 impossible birth date',
    input: input(ivan({ birthdate: '1990-02-30' })),
    want: rejected('incomplete_provider_data'),
  },
  {
    name: 'R2 child 12 with consent and a parent passes',
    input: input(masha()),
    want: review('minor_under_14', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R2 child 12 without consent',
    input: input(masha({ parentalConsent: false }), { byEmail: [P_MASHA] }),
    want: rejected('parental_consent_required', 'minor_under_14'),
  },
  {
    name: 'R2 child 12 with consent but no parent account',
    input: input(masha({ parentSubject: null }), { byEmail: [P_MASHA] }),
    want: rejected('parental_consent_required', 'minor_under_14'),
  },
  {
    name: 'R2 child 12 with a parent but no consent',
    input: input(masha({ parentalConsent: false, parentSubject: 'oid-ivan' })),
    want: rejected('parental_consent_required', 'minor_under_14'),
  },
  {
    name: 'R2 teen 15 confirms alone',
    input: input(petya({ phone: KID_PHONE })),
    want: review('minor_14_17', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R2 exactly 14 today needs no consent',
    input: input(masha({ birthdate: '2012-03-02', parentalConsent: false, parentSubject: null })),
    want: review('minor_14_17', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R2 turning 14 tomorrow still needs consent',
    input: input(masha({ birthdate: '2012-03-03', parentalConsent: false, parentSubject: null })),
    want: rejected('parental_consent_required', 'minor_under_14'),
  },
  {
    name: 'R2 after 21:00 UTC it is already the 14th birthday in Moscow',
    input: input(masha({ birthdate: '2012-03-02', parentalConsent: false, parentSubject: null }), {
      today: moscowDate(new Date('2026-03-01T21:30:00Z')),
    }),
    want: review('minor_14_17', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R2 exactly 18 today is an adult: the code goes to the provider phone',
    input: input(masha({ birthdate: '2008-03-02' }), {
      byEmail: [{ ...P_MASHA, birthdate: '2008-03-02', phone: null }],
    }),
    want: otp('adult', ['p-masha'], `sms:${KID_PHONE}`, ['email:masha@mail.ru']),
  },
  {
    name: "R2 an adult is no longer offered the profile carrying a parent's phone: a new profile",
    input: input(masha({ birthdate: '2008-03-02' }), {
      byEmail: [{ ...P_MASHA, birthdate: '2008-03-02' }],
    }),
    want: review('adult', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R2 18 tomorrow is a minor: the code goes to the profile phone',
    input: input(masha({ birthdate: '2008-03-03' }), {
      byEmail: [{ ...P_MASHA, birthdate: '2008-03-03' }],
    }),
    want: otp('minor_14_17', ['p-masha'], SMS_IVAN, ['email:masha@mail.ru']),
  },

  // Rule 3: only verified contacts count.
  {
    name: 'R3 unverified contacts only, no profile',
    input: input(unverified()),
    want: rejected('no_verified_contact', 'adult'),
  },
  {
    name: 'R3 unverified contacts only, a profile shares them',
    input: input(unverified(), { byPhone: [P_IVAN], byEmail: [P_IVAN] }),
    want: rejected('no_verified_contact', 'adult'),
  },
  {
    name: 'R3 a teen is not given the profile registered with an unverified phone',
    input: input(petya({ phoneVerified: false, emailVerified: false }), { byPhone: [P_PETYA] }),
    want: rejected('no_verified_contact', 'minor_14_17'),
  },
  {
    name: 'R3 unverified phone, verified e-mail: found and reached by e-mail',
    input: input(ivan({ phoneVerified: false }), { byPhone: [P_IVAN], byEmail: [P_IVAN] }),
    want: otp('adult', ['p-ivan'], EMAIL_IVAN),
  },
  {
    name: 'R3 a verified phone that does not parse counts as absent',
    input: input(ivan({ phone: '12345' }), { byEmail: [{ ...P_IVAN, phone: null }] }),
    want: otp('adult', ['p-ivan'], EMAIL_IVAN),
  },
  {
    name: 'R4 with an unusable provider phone, a profile carrying a phone is not his',
    input: input(ivan({ phone: '12345' }), { byEmail: [P_IVAN] }),
    want: review('adult', { phone: null, email: 'ivanov@mail.ru' }),
  },

  // Rule 4: which profiles may be offered.
  {
    name: "R4 an adult sharing a teen's profile phone does not get the teen's profile",
    input: input(ivan(), { byPhone: [P_PETYA] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: "R4 an adult with an own profile gets only it, not the teen's",
    input: input(ivan(), { byPhone: [P_PETYA, P_IVAN] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: "R4 a teen is not offered the parent's profile on the same phone",
    input: input(petya(), { byPhone: [P_IVAN, P_PETYA] }),
    want: otp('minor_14_17', ['p-petya'], SMS_IVAN),
  },
  {
    name: "R4 a teen with only the parent's profile on the phone gets a new one",
    input: input(petya(), { byPhone: [P_IVAN] }),
    want: review('minor_14_17', VIA_PHONE),
  },
  {
    name: 'R4 twins with different names: only her own profile is a candidate',
    input: input(anna(), { byPhone: [P_ANNA, P_MARIA] }),
    want: otp('minor_14_17', ['p-anna'], `sms:${TWINS_PHONE}`, ['email:anna@mail.ru']),
  },
  {
    name: "R4 twins: with her own profile gone, the sibling's profile is not offered",
    input: input(anna(), { byPhone: [P_MARIA] }),
    want: review('minor_14_17', { phone: TWINS_PHONE, email: null }),
  },
  {
    name: 'R4 twins of the same name: both profiles are candidates, the person chooses',
    input: input(anna(), { byPhone: [P_ANNA, P_ANNA_TOO] }),
    want: otp('minor_14_17', ['p-anna', 'p-anna-too'], `sms:${TWINS_PHONE}`),
  },
  {
    name: 'R4 a profile planted with his phone and birth date but another name is not his',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, givenName: 'Олег', familyName: 'Петров', email: 'attacker@evil.example' }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 nor one of the other sex',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, gender: 'female' }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 a changed surname is another person: a new profile, the safe outcome',
    input: input(masha({ familyName: 'Петрова', birthdate: '2008-01-10' }), { byEmail: [{ ...P_MASHA, birthdate: '2008-01-10' }] }),
    want: review('adult', { phone: KID_PHONE, email: null }),
  },
  {
    name: 'R4 names compare ignoring case, ё/е, spaces and hyphens',
    input: input(ivan({ familyName: 'иванов', givenName: 'ИВАН' }), {
      byPhone: [{ ...P_IVAN, id: 'p-spelled', familyName: 'Иванов ', givenName: 'Иван' }],
    }),
    want: otp('adult', ['p-spelled'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: 'R4 "Пётр Семёнов-Ли" is "Петр Семенов Ли"',
    input: input(petya({ familyName: 'Семёнов-Ли', phone: KID_PHONE }), {
      byPhone: [{ ...P_PETYA, familyName: 'СЕМЕНОВ ЛИ', givenName: 'Петр', phone: KID_PHONE }],
    }),
    want: otp('minor_14_17', ['p-petya'], `sms:${KID_PHONE}`),
  },
  {
    name: 'R4 a profile linked to another subject is never offered',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, linkedSubjects: ['oid-someone-else'] }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 nor when it is linked to this subject and another one',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, linkedSubjects: ['oid-ivan', 'oid-someone-else'] }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 a profile linked only to this subject may be offered',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, linkedSubjects: ['oid-ivan'] }] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: 'R4 phone matches are filtered before falling back to e-mail',
    input: input(ivan(), {
      byPhone: [{ ...P_IVAN, id: 'p-taken', linkedSubjects: ['oid-someone-else'] }],
      byEmail: [P_IVAN],
    }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: 'R4 e-mail matches are not consulted when the phone found a profile',
    input: input(ivan(), { byPhone: [P_IVAN], byEmail: [{ ...P_IVAN, id: 'p-by-email' }] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },

  // Rule 5: where the code goes.
  {
    name: 'R5 adult with phone and e-mail: SMS, e-mail as the alternative',
    input: input(ivan(), { byPhone: [P_IVAN] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: 'R5 e-mail-only adult: e-mail',
    input: input(emailOnly(), { byEmail: [{ ...P_IVAN, phone: null }] }),
    want: otp('adult', ['p-ivan'], EMAIL_IVAN),
  },
  {
    name: 'R4 a profile with his e-mail and a phone the provider never gave him is not offered',
    input: input(emailOnly(), { byEmail: [P_IVAN] }),
    want: review('adult', { phone: null, email: 'ivanov@mail.ru' }),
  },
  {
    name: 'R4 nor one with his verified phone and an e-mail the provider does not know (a new profile, the safe outcome)',
    input: input(ivan({ email: null, emailVerified: false }), { byPhone: [{ ...P_IVAN, email: 'ivan.work@mail.ru' }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 an unverified provider phone still counts as his own on the profile',
    input: input(ivan({ phoneVerified: false }), { byEmail: [P_IVAN] }),
    want: otp('adult', ['p-ivan'], EMAIL_IVAN),
  },
  {
    name: "R5 an adult's code goes to the provider phone, even when the profile has none",
    input: input(ivan({ phone: KID_PHONE }), { byEmail: [{ ...P_IVAN, phone: null }] }),
    want: otp('adult', ['p-ivan'], `sms:${KID_PHONE}`, [EMAIL_IVAN]),
  },
  {
    name: 'R4 a profile planted with his e-mail and another phone is not offered to an adult',
    input: input(ivan({ phone: KID_PHONE }), { byEmail: [P_IVAN] }),
    want: review('adult', { phone: KID_PHONE, email: null }),
  },
  {
    name: "R4 nor one with his phone and another e-mail",
    input: input(ivan(), { byPhone: [{ ...P_IVAN, email: 'attacker@evil.example' }] }),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R4 a profile with only some of his verified contacts is still his',
    input: input(ivan(), { byPhone: [{ ...P_IVAN, email: null }] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN]),
  },
  {
    name: "R5 existing child profile: the code goes to the profile's phone, not the provider's",
    input: input(masha(), { byEmail: [P_MASHA] }),
    want: otp('minor_under_14', ['p-masha'], SMS_IVAN, ['email:masha@mail.ru']),
  },
  {
    name: "R5 a minor's profile without a phone: its e-mail",
    input: input(masha(), { byEmail: [{ ...P_MASHA, phone: null }] }),
    want: otp('minor_under_14', ['p-masha'], 'email:masha@mail.ru'),
  },
  {
    name: 'R5 same-name twins sharing only an e-mail: the shared e-mail',
    input: input(anna({ phone: null, email: 'smirnova@mail.ru' }), {
      byEmail: [
        { ...P_ANNA, phone: '+79990000001', email: 'smirnova@mail.ru' },
        { ...P_ANNA_TOO, phone: '+79990000002', email: 'smirnova@mail.ru' },
      ],
    }),
    want: otp('minor_14_17', ['p-anna', 'p-anna-too'], 'email:smirnova@mail.ru'),
  },
  {
    name: 'R5 same-name twins sharing phone and e-mail: SMS, the e-mail as the alternative',
    input: input(anna(), { byPhone: [P_ANNA, { ...P_ANNA_TOO, email: 'anna@mail.ru' }] }),
    want: otp('minor_14_17', ['p-anna', 'p-anna-too'], `sms:${TWINS_PHONE}`, ['email:anna@mail.ru']),
  },
  {
    name: "R5 a minor's profile without contacts cannot be sent a code",
    input: input(masha(), { linkedProfile: { ...P_MASHA, phone: null, email: null } }),
    want: rejected('no_verified_contact', 'minor_under_14'),
  },

  // Rule 6: a new profile.
  {
    name: 'R6 no profile: review with the verified phone',
    input: input(ivan()),
    want: review('adult', VIA_PHONE),
  },
  {
    name: 'R6 e-mail-only adult, no profile: review with the e-mail',
    input: input(emailOnly()),
    want: review('adult', { phone: null, email: 'ivanov@mail.ru' }),
  },
  {
    name: 'R6 missing family name',
    input: input(ivan({ familyName: null })),
    want: rejected('incomplete_provider_data', 'adult'),
  },
  {
    name: 'R6 blank given name',
    input: input(ivan({ givenName: '  ' })),
    want: rejected('incomplete_provider_data', 'adult'),
  },
  {
    name: 'R6 missing gender',
    input: input(ivan({ gender: null })),
    want: rejected('incomplete_provider_data', 'adult'),
  },
  {
    name: 'R6 without names no profile is his: the data is incomplete',
    input: input(ivan({ familyName: null, givenName: null, gender: null }), { byPhone: [P_IVAN] }),
    want: rejected('incomplete_provider_data', 'adult'),
  },

  // Rule 7: a linked subject.
  {
    name: 'R7 linked subject, policy always: a code, the linked profile only',
    input: input(ivan(), { linkedProfile: P_IVAN, byPhone: [{ ...P_IVAN, id: 'p-other' }] }),
    want: otp('adult', ['p-ivan'], SMS_IVAN, [EMAIL_IVAN], true),
  },
  {
    name: 'R7 linked subject, policy never: completed',
    input: input(ivan(), { linkedProfile: P_IVAN, policy: { linkedLoginOtp: 'never', channels: ['sms', 'email'] } }),
    want: completing('adult', 'p-ivan'),
  },
  {
    name: 'R7 linked subject without verified contacts, policy always',
    input: input(unverified(), { linkedProfile: P_IVAN }),
    want: rejected('no_verified_contact', 'adult'),
  },
  {
    name: 'R7 linked subject without verified contacts, policy never: no code needed',
    input: input(unverified(), { linkedProfile: P_IVAN, policy: { linkedLoginOtp: 'never', channels: ['sms', 'email'] } }),
    want: completing('adult', 'p-ivan'),
  },
  {
    name: "R7 linked child: the code goes to the profile's phone",
    input: input(masha(), { linkedProfile: P_MASHA }),
    want: otp('minor_under_14', ['p-masha'], SMS_IVAN, ['email:masha@mail.ru'], true),
  },
  {
    name: 'R7 a linked child still needs consent',
    input: input(masha({ parentalConsent: false }), {
      linkedProfile: P_MASHA,
      policy: { linkedLoginOtp: 'never', channels: ['sms', 'email'] },
    }),
    want: rejected('parental_consent_required', 'minor_under_14'),
  },
];

t.test('a destination on a channel that is switched off is not usable', async (t) => {
  const withPhone = (channels: ('sms' | 'email')[]) =>
    view(decide(input(ivan(), { byPhone: [{ ...P_IVAN, linkedSubjects: [] }], policy: { linkedLoginOtp: 'always', channels } })));
  t.match(withPhone(['email']), { kind: 'otp_required', destination: `email:${P_IVAN.email ?? ''}` });
  t.match(withPhone([]), { kind: 'rejected', code: 'no_verified_contact' });
});

t.test('decide', async (t) => {
  for (const row of rows) t.same(view(decide(row.input)), row.want, row.name);
});

t.test('a rejection carries the catalogue factory itself', async (t) => {
  const d = decide(input(ivan({ confirmed: false })));
  t.equal(d.kind === 'rejected' && d.error, AccountNotVerified);
});

t.test('profile review is prefilled from the provider', async (t) => {
  const d = decide(input(ivan({ familyName: ' Иванов ', middleName: '' })));
  t.same(d, {
    kind: 'profile_review',
    ageGroup: 'adult',
    prefill: {
      familyName: 'Иванов',
      givenName: 'Иван',
      middleName: null,
      birthdate: '1990-05-10',
      gender: 'male',
    },
    contact: VIA_PHONE,
  });
});

t.test('candidates are plain profile records', async (t) => {
  const d = decide(input(ivan(), { byPhone: [{ ...P_IVAN, linkedSubjects: ['oid-ivan'] }] }));
  const { linkedSubjects: _, ...record } = P_IVAN;
  t.same(d.kind === 'otp_required' && d.candidates, [record satisfies ProfileRecord]);
  t.notOk(d.kind === 'otp_required' && 'linkedSubjects' in (d.candidates[0] ?? {}));
});

t.test('a candidate list carries what a decline leads to', async (t) => {
  const d = decide(input(ivan(), { byPhone: [P_IVAN] }));
  t.match(d, {
    kind: 'otp_required',
    prefill: { familyName: 'Иванов', givenName: 'Иван', middleName: 'Петрович', birthdate: '1990-05-10', gender: 'male' },
    newContact: VIA_PHONE,
  });
  const child = decide(input(masha(), { byEmail: [P_MASHA] }));
  t.match(child, { kind: 'otp_required', newContact: { phone: KID_PHONE, email: null } }, "a child's new profile gets her own contact");
});

t.test('R8 declining the candidates leads to the review of a new profile', async (t) => {
  const prefill = { familyName: 'Иванов', givenName: 'Иван', middleName: null, birthdate: '1990-05-10', gender: 'male' as const };
  t.same(reviewAfterDecline(prefill, VIA_PHONE), { prefill, contact: VIA_PHONE });
  t.same(reviewAfterDecline(null, VIA_PHONE), { error: IncompleteProviderData }, 'no names: incomplete data');
  t.same(reviewAfterDecline(prefill, null), { error: NoVerifiedContact });
});

t.test('names', async (t) => {
  t.equal(normalizeName(' Семёнова-Тян  Шанская '), 'семеноватяншанская');
  t.ok(sameName('Алёна', 'АЛЕНА'));
  t.notOk(sameName('Анна', 'Анна Мария'));
  t.notOk(sameName('', ''), 'blank names never match');
  t.notOk(sameName(null, 'Иван'));
});
