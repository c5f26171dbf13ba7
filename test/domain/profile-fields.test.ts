import t from 'tap';
import { birthdateProblem, nameProblem, profileFieldProblems } from '../../src/domain/profile-fields.js';

t.test('nameProblem refuses controls, invisible format characters and blanks', async (t) => {
  const rows: [string, string, boolean][] = [
    ['Cyrillic', 'Кузнецова', true],
    ['hyphen, apostrophe, space, ё', "Д'Арья-Алёна Мария", true],
    ['Latin with diacritics', 'Zoë', true],
    ['NUL', 'Ив\u0000анова', false],
    ['ESC', 'Ив\u001bанова', false],
    ['DEL', 'Ив\u007fанова', false],
    ['C1 NEL', 'Ив\u0085анова', false],
    ['left-to-right embedding', '\u202aИванова', false],
    ['pop directional isolate', 'Иванова\u2069', false],
    ['left-to-right mark', 'Ива\u200eнова', false],
    ['zero-width joiner', 'Ива\u200dнова', false],
    ['byte order mark', '\ufeffИванова', false],
    ['paragraph separator', 'Ива\u2029нова', false],
    ['lone surrogate', 'Ива\ud800нова', false],
    ['blank', ' \u00a0 ', false],
  ];
  for (const [name, value, ok] of rows) t.equal(nameProblem(value) === null, ok, name);
});

t.test('birthdateProblem keeps 1900-01-01..today', async (t) => {
  const today = '2026-03-01';
  const rows: [string, boolean][] = [
    ['1900-01-01', true],
    ['2026-03-01', true],
    ['1899-12-31', false],
    ['0000-01-01', false],
    ['2026-03-02', false],
  ];
  for (const [date, ok] of rows) t.equal(birthdateProblem(date, today) === null, ok, date);
});

t.test('profileFieldProblems names each bad field by its JSON pointer', async (t) => {
  const fields = { familyName: 'Ок', givenName: 'Ок', middleName: null, birthdate: '2000-01-01' };
  t.same(profileFieldProblems(fields, '2026-03-01'), []);
  t.same(
    profileFieldProblems({ ...fields, middleName: '\u202e', birthdate: '3000-01-01' }, '2026-03-01').map((p) => p.path),
    ['/middle_name', '/birthdate'],
  );
});
