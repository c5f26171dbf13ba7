import t from 'tap';
import { ageGroup, ageOn, moscowDate } from '../../src/domain/age.js';

t.test('moscowDate is the calendar date in Moscow', async (t) => {
  const rows = [
    { name: 'Moscow midnight is 21:00 UTC the day before', now: '2026-03-01T21:00:00Z', want: '2026-03-02' },
    { name: 'a UTC evening is already tomorrow in Moscow', now: '2026-03-01T21:30:00Z', want: '2026-03-02' },
    { name: 'one second before Moscow midnight', now: '2026-03-01T20:59:59Z', want: '2026-03-01' },
    { name: 'new year arrives in Moscow first', now: '2025-12-31T22:00:00Z', want: '2026-01-01' },
    { name: 'no daylight saving time in summer', now: '2026-07-15T20:59:59Z', want: '2026-07-15' },
  ];
  for (const row of rows) t.equal(moscowDate(new Date(row.now)), row.want, row.name);
});

t.test('moscowDate changes at the last millisecond of a Moscow day, however often it was asked that minute', async (t) => {
  const instants = ['2026-03-01T20:59:00.000Z', '2026-03-01T20:59:30.000Z', '2026-03-01T20:59:59.999Z', '2026-03-01T21:00:00.000Z', '2026-03-01T20:59:59.999Z'];
  t.same(instants.map((at) => moscowDate(new Date(at))), ['2026-03-01', '2026-03-01', '2026-03-01', '2026-03-02', '2026-03-01'], 'a clock moved back is answered too');
  t.throws(() => moscowDate(new Date('not a date')), RangeError, 'an invalid clock is still an error');
});

t.test('ageOn counts full years', async (t) => {
  const rows = [
    { name: 'birthday today', birthdate: '2012-03-02', today: '2026-03-02', want: 14 },
    { name: 'birthday tomorrow', birthdate: '2012-03-03', today: '2026-03-02', want: 13 },
    { name: 'birthday was yesterday', birthdate: '2012-03-01', today: '2026-03-02', want: 14 },
    { name: 'later month', birthdate: '2008-12-31', today: '2026-03-02', want: 17 },
    { name: 'earlier month', birthdate: '2008-01-31', today: '2026-03-02', want: 18 },
    { name: 'born today', birthdate: '2026-03-02', today: '2026-03-02', want: 0 },
    { name: '29 Feb, non-leap, 28 Feb: not yet', birthdate: '2012-02-29', today: '2026-02-28', want: 13 },
    { name: '29 Feb, non-leap, 1 Mar: reached', birthdate: '2012-02-29', today: '2026-03-01', want: 14 },
    { name: '29 Feb, leap, 29 Feb: reached', birthdate: '2012-02-29', today: '2028-02-29', want: 16 },
  ];
  for (const row of rows) t.equal(ageOn(row.birthdate, row.today), row.want, row.name);
});

t.test('ageOn returns null for a birth date that is not a date', async (t) => {
  const rows = [
    { name: 'ESIA layout, not converted', birthdate: '02.03.2012' },
    { name: 'empty', birthdate: '' },
    { name: 'with a time', birthdate: '2012-03-02T00:00:00Z' },
    { name: 'month 13', birthdate: '2012-13-01' },
    { name: 'month 0', birthdate: '2012-00-10' },
    { name: 'day 0', birthdate: '2012-03-00' },
    { name: '30 February', birthdate: '2012-02-30' },
    { name: '29 February of a non-leap year', birthdate: '2013-02-29' },
    { name: '29 February of 1900 (not leap)', birthdate: '1900-02-29' },
    { name: '31 April', birthdate: '2012-04-31' },
    { name: 'in the future', birthdate: '2026-03-03' },
    { name: 'next year', birthdate: '2027-01-01' },
  ];
  for (const row of rows) t.equal(ageOn(row.birthdate, '2026-03-02'), null, row.name);
  t.equal(ageOn('2000-02-29', '2026-03-02'), 26, '29 February 2000 exists (divisible by 400)');
});

t.test('ageOn throws on a malformed today (a caller bug, not provider data)', async (t) => {
  t.throws(() => ageOn('2012-03-02', '2026-3-2'), RangeError);
});

t.test('ageGroup', async (t) => {
  const rows = [
    { age: 0, want: 'minor_under_14' },
    { age: 13, want: 'minor_under_14' },
    { age: 14, want: 'minor_14_17' },
    { age: 17, want: 'minor_14_17' },
    { age: 18, want: 'adult' },
    { age: 90, want: 'adult' },
  ];
  for (const row of rows) t.equal(ageGroup(row.age), row.want, `age ${row.age}`);
});

t.test('the Moscow date decides the age at the UTC evening boundary', async (t) => {
  const now = new Date('2026-03-01T21:30:00Z');
  t.equal(ageOn('2012-03-02', now.toISOString().slice(0, 10)), 13, 'the UTC date would say 13');
  t.equal(ageOn('2012-03-02', moscowDate(now)), 14, 'Moscow says 14');
});
