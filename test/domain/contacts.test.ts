import t from 'tap';
import { normalizeEmail, normalizePhone, verifiedContacts } from '../../src/domain/contacts.js';

t.test('normalizePhone returns E.164 or null', async (t) => {
  const rows = [
    { name: 'international, formatted', raw: '+7 (999) 000-11-22', want: '+79990001122' },
    { name: 'domestic with 8', raw: '89990001122', want: '+79990001122' },
    { name: 'ESIA layout', raw: '+7(999)0001122', want: '+79990001122' },
    { name: 'no prefix, Russian by default', raw: '9161234567', want: '+79161234567' },
    { name: '7 without plus', raw: '79161234567', want: '+79161234567' },
    { name: 'surrounding spaces', raw: '  +7 916 123 45 67 ', want: '+79161234567' },
    { name: 'Moscow landline', raw: '+7 495 123-45-67', want: '+74951234567' },
    { name: 'another country keeps its code', raw: '+44 20 7946 0958', want: '+442079460958' },
    { name: 'too short', raw: '+7 916 123', want: null },
    { name: 'too long', raw: '+7 916 123 45 678', want: null },
    { name: 'impossible range', raw: '+7 000 000-00-00', want: null },
    { name: 'letters', raw: 'abc', want: null },
    { name: 'empty', raw: '', want: null },
    { name: 'text around the number', raw: 'tel:+79161234567', want: null },
    { name: 'an extension cannot receive SMS', raw: '+7 916 123 45 67 доб. 12', want: null },
  ];
  for (const row of rows) t.equal(normalizePhone(row.raw), row.want, row.name);
});

t.test('normalizeEmail trims, lower-cases and checks the shape', async (t) => {
  const rows = [
    { name: 'already normal', raw: 'ivanov@mail.ru', want: 'ivanov@mail.ru' },
    { name: 'upper case and spaces', raw: '  Ivanov@Mail.RU ', want: 'ivanov@mail.ru' },
    { name: 'plus tag kept', raw: 'a+b@x.ru', want: 'a+b@x.ru' },
    { name: 'no @', raw: 'ivanov.mail.ru', want: null },
    { name: 'two @', raw: 'a@b@mail.ru', want: null },
    { name: 'empty local part', raw: '@mail.ru', want: null },
    { name: 'empty domain', raw: 'ivanov@', want: null },
    { name: 'space inside', raw: 'iva nov@mail.ru', want: null },
    { name: 'empty', raw: '   ', want: null },
  ];
  for (const row of rows) t.equal(normalizeEmail(row.raw), row.want, row.name);
});

t.test('normalizeEmail accepts one plain RFC 5321 mailbox, nothing that could reach another recipient', async (t) => {
  const rows = [
    { name: 'dots and digits', raw: 'ivan.ivanov.1990@mail.ru', want: 'ivan.ivanov.1990@mail.ru' },
    { name: 'every atext symbol', raw: "a!#$%&'*+-/=?^_`{|}~z@x.ru", want: "a!#$%&'*+-/=?^_`{|}~z@x.ru" },
    { name: 'hyphens and subdomains', raw: 'kid@school-1.mail.example.ru', want: 'kid@school-1.mail.example.ru' },
    { name: 'local part of 64 characters', raw: `${'a'.repeat(64)}@x.ru`, want: `${'a'.repeat(64)}@x.ru` },
    { name: 'a list of two recipients', raw: 'kid,attacker@evil.example', want: null },
    { name: 'a list with a space', raw: 'kid@mail.ru, attacker@evil.example', want: null },
    { name: 'a display name with an address', raw: 'kid<attacker@evil.example>', want: null },
    { name: 'an angle-bracketed address', raw: '<kid@mail.ru>', want: null },
    { name: 'a quoted local part', raw: '"kid@mail.ru"@evil.example', want: null },
    { name: 'a group', raw: 'kids:attacker@evil.example;', want: null },
    { name: 'a comment', raw: 'kid(comment)@mail.ru', want: null },
    { name: 'a semicolon', raw: 'kid;attacker@evil.example', want: null },
    { name: 'NUL', raw: 'kid\u0000@mail.ru', want: null },
    { name: 'CR LF', raw: 'kid@mail.ru\r\nBcc: attacker@evil.example', want: null },
    { name: 'a tab inside', raw: 'kid\t@mail.ru', want: null },
    { name: 'a leading dot', raw: '.kid@mail.ru', want: null },
    { name: 'a trailing dot in the local part', raw: 'kid.@mail.ru', want: null },
    { name: 'two dots in a row', raw: 'ki..d@mail.ru', want: null },
    { name: 'an address literal', raw: 'kid@[192.0.2.1]', want: null },
    { name: 'a domain without a dot', raw: 'kid@localhost', want: null },
    { name: 'a domain label starting with a hyphen', raw: 'kid@-mail.ru', want: null },
    { name: 'a domain label ending with a hyphen', raw: 'kid@mail-.ru', want: null },
    { name: 'a trailing dot in the domain', raw: 'kid@mail.ru.', want: null },
    { name: 'an underscore in the domain', raw: 'kid@ma_il.ru', want: null },
    { name: 'a label of 64 characters', raw: `kid@${'a'.repeat(64)}.ru`, want: null },
    { name: 'a local part of 65 characters', raw: `${'a'.repeat(65)}@x.ru`, want: null },
    { name: 'longer than 254 characters', raw: `kid@${'a.'.repeat(125)}ru`, want: null },
    { name: 'non-ASCII (not an RFC 5321 mailbox)', raw: 'дети@почта.рф', want: null },
    { name: 'a bidi override', raw: 'kid\u202e@mail.ru', want: null },
  ];
  for (const row of rows) t.equal(normalizeEmail(row.raw), row.want, row.name);
});

t.test('verifiedContacts keeps only verified, parseable contacts', async (t) => {
  const rows = [
    {
      name: 'both verified',
      person: { phone: '+7(916)1234567', phoneVerified: true, email: 'A@B.ru', emailVerified: true },
      want: { phone: '+79161234567', email: 'a@b.ru' },
    },
    {
      name: 'both unverified',
      person: { phone: '+7(916)1234567', phoneVerified: false, email: 'a@b.ru', emailVerified: false },
      want: { phone: null, email: null },
    },
    {
      name: 'verified flags without values',
      person: { phone: null, phoneVerified: true, email: null, emailVerified: true },
      want: { phone: null, email: null },
    },
    {
      name: 'a verified but unparseable phone counts as absent',
      person: { phone: '12345', phoneVerified: true, email: 'a@b.ru', emailVerified: true },
      want: { phone: null, email: 'a@b.ru' },
    },
    {
      name: 'a verified but malformed e-mail counts as absent',
      person: { phone: '89161234567', phoneVerified: true, email: 'nobody', emailVerified: true },
      want: { phone: '+79161234567', email: null },
    },
  ];
  for (const row of rows) t.same(verifiedContacts(row.person), row.want, row.name);
});
