// POST /v1/profiles refuses what a profile must never hold with a 400 problem: birth
// dates outside 1900-01-01..today (the Moscow date), control and invisible format
// characters (bidi overrides among them) in names, NUL anywhere. None of it may
// reach Postgres and come back as a 500.

import t from 'tap';
import { moscowDate } from '../../src/domain/age.js';
import { flowHarness } from '../helpers/flow.js';

const VALID = {
  family_name: 'Кузнецова',
  given_name: 'Дарья',
  middle_name: 'Алексеевна',
  birthdate: '2011-08-19',
  gender: 'female',
  phone: '+7 999 000-11-09',
  email: 'd.kuznetsova@example.ru',
};

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

t.test('profile registration input', async (t) => {
  const h = await flowHarness(t);
  const today = moscowDate(new Date());

  t.test('birth dates from 1900-01-01 to today (Moscow) are accepted', async (t) => {
    for (const birthdate of ['1900-01-01', today]) {
      const res = await h.call('POST', '/v1/profiles', { ...VALID, birthdate });
      t.equal(res.status, 201, birthdate);
      t.equal(res.body.birthdate, birthdate);
    }
  });

  t.test('birth dates outside 1900-01-01..today are a 400 problem', async (t) => {
    for (const birthdate of ['0000-01-01', '0001-01-01', '1899-12-31', shiftDays(today, 1), '9999-12-31']) {
      const res = await h.call('POST', '/v1/profiles', { ...VALID, birthdate });
      t.equal(res.status, 400, birthdate);
      t.equal(res.body.code, 'validation_failed', birthdate);
      t.same(res.body.errors, [{ where: 'body', path: '/birthdate', message: 'must be between 1900-01-01 and today' }]);
    }
  });

  t.test('control and invisible format characters in names are a 400 problem', async (t) => {
    const bad = {
      NUL: '\u0000',
      BEL: '\u0007',
      'line feed': '\n',
      tab: '\t',
      DEL: '\u007f',
      'C1 control': '\u0085',
      'right-to-left override': '\u202e',
      'right-to-left mark': '\u200f',
      'first strong isolate': '\u2068',
      'Arabic letter mark': '\u061c',
      'zero-width space': '\u200b',
      'line separator': '\u2028',
    };
    for (const field of ['family_name', 'given_name', 'middle_name']) {
      for (const [name, ch] of Object.entries(bad)) {
        const res = await h.call('POST', '/v1/profiles', { ...VALID, [field]: `Ива${ch}нова` });
        t.equal(res.status, 400, `${name} in ${field}`);
        t.equal(res.body.code, 'validation_failed');
        t.equal(res.body.errors?.[0]?.path, `/${field}`);
      }
    }
  });

  t.test('a name of blanks is refused; hyphens, apostrophes and spaces are fine', async (t) => {
    t.equal((await h.call('POST', '/v1/profiles', { ...VALID, given_name: '   ' })).status, 400);
    const res = await h.call('POST', '/v1/profiles', { ...VALID, family_name: 'Римская-Корсакова', given_name: "Д'Арья Мария" });
    t.equal(res.status, 201);
  });

  t.test('NUL in the e-mail or the phone is a 400 problem', async (t) => {
    const email = await h.call('POST', '/v1/profiles', { ...VALID, email: 'd.kuznetsova\u0000@example.ru' });
    t.equal(email.status, 400);
    t.equal(email.body.code, 'invalid_email');
    const phone = await h.call('POST', '/v1/profiles', { ...VALID, phone: '+7 999 000-11-09\u0000' });
    t.equal(phone.status, 400);
    t.equal(phone.body.code, 'invalid_phone');
  });
});
