import t from 'tap';
import { maskEmail, maskName, maskPhone } from '../../src/domain/masking.js';

t.test('maskPhone keeps the country code and the last two digits', async (t) => {
  const rows = [
    { name: 'Russian mobile', phone: '+79161234567', want: '+7 *** ***-**-67' },
    { name: 'Russian landline', phone: '+74951234509', want: '+7 *** ***-**-09' },
    { name: 'Ukraine', phone: '+380441234567', want: '+380 ***-**-67' },
    { name: 'United Kingdom', phone: '+442079460958', want: '+44 ***-**-58' },
    { name: 'not E.164: hidden entirely', phone: '89161234567', want: '***' },
  ];
  for (const row of rows) t.equal(maskPhone(row.phone), row.want, row.name);
});

t.test('maskEmail keeps the first letter and the domain', async (t) => {
  const rows = [
    { name: 'ordinary', email: 'ivanov@mail.ru', want: 'i***@mail.ru' },
    { name: 'one-letter local part', email: 'a@mail.ru', want: 'a***@mail.ru' },
    { name: 'Cyrillic domain', email: 'пётр@почта.рф', want: 'п***@почта.рф' },
    { name: 'no local part', email: '@mail.ru', want: '***' },
    { name: 'no @', email: 'ivanov', want: '***' },
  ];
  for (const row of rows) t.equal(maskEmail(row.email), row.want, row.name);
});

t.test('maskName: given name in full, family name as an initial', async (t) => {
  const rows = [
    { name: 'twin one', profile: { givenName: 'Анна', familyName: 'Смирнова' }, want: 'Анна С.' },
    { name: 'twin two', profile: { givenName: 'Мария', familyName: 'Смирнова' }, want: 'Мария С.' },
    {
      name: 'double family name',
      profile: { givenName: 'Кузьма', familyName: 'Петров-Водкин' },
      want: 'Кузьма П.',
    },
    { name: 'stray spaces', profile: { givenName: ' Анна ', familyName: ' Смирнова' }, want: 'Анна С.' },
    { name: 'blank family name', profile: { givenName: 'Анна', familyName: '' }, want: 'Анна' },
  ];
  for (const row of rows) t.equal(maskName(row.profile), row.want, row.name);
});
