// Age decides which login rules apply (a parent's consent under 14, whose contact
// receives the code under 18). Birth dates from the provider are calendar dates
// without a time zone and the service works for people in Russia, so "today" is
// the calendar date in Moscow: a child born on 2012-03-02 is 14 from Moscow
// midnight, while it is still 2026-03-01 in UTC. The caller turns the clock into
// a date once (moscowDate); everything else compares plain YYYY-MM-DD strings.

export type AgeGroup = 'adult' | 'minor_14_17' | 'minor_under_14';

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MOSCOW_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Formatting costs tens of microseconds, and every login asks. A date changes only at a
// whole minute (time zone offsets are whole minutes), so an answer holds for the rest
// of its minute.
let lastAnswer = { minute: Number.NaN, date: '' };

/** The calendar date (YYYY-MM-DD) in Moscow at the instant `now`. */
export function moscowDate(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastAnswer.minute) lastAnswer = { minute, date: formatMoscowDate(now) };
  return lastAnswer.date;
}

function formatMoscowDate(now: Date): string {
  // formatToParts, because the layout of a formatted date is locale data that may change.
  const parts = Object.fromEntries(MOSCOW_DATE.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Full years between `birthdate` and `today`, both YYYY-MM-DD.
 *
 * Returns null when the birth date is malformed, impossible (2010-02-30) or in
 * the future: that is bad provider data, and the rules turn null into
 * `incomplete_provider_data`. A malformed `today` is the caller's bug, so it
 * throws instead of being blamed on the provider.
 *
 * Someone born on 29 February reaches the next age on 1 March in non-leap years
 * (the birthday has not happened while the date is still before 29 February).
 */
export function ageOn(birthdate: string, today: string): number | null {
  const now = parseDate(today);
  if (!now) throw new RangeError(`today is not a YYYY-MM-DD date: ${today}`);
  const born = parseDate(birthdate);
  if (!born) return null;
  const beforeBirthday = now.month < born.month || (now.month === born.month && now.day < born.day);
  const age = now.year - born.year - (beforeBirthday ? 1 : 0);
  return age >= 0 ? age : null;
}

export function ageGroup(age: number): AgeGroup {
  if (age >= 18) return 'adult';
  return age >= 14 ? 'minor_14_17' : 'minor_under_14';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
