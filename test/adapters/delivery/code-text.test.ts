import t from 'tap';
import {
  SMS_GSM7_LIMIT,
  SMS_UCS2_LIMIT,
  emailContent,
  fitsOneSms,
  formatMinutes,
  pluralRu,
  smsLength,
  smsText,
  validityMinutes,
} from '../../../src/adapters/delivery/code-text.js';
import { escapeHtml } from '../../../src/http/escape-html.js';

t.test('the Russian SMS fits one UCS-2 segment and carries the code', async (t) => {
  for (const code of ['1234', '123456', '12345678']) {
    const text = smsText(code, 'ru');
    const length = smsLength(text);
    t.equal(length.encoding, 'ucs2');
    t.ok(text.length <= SMS_UCS2_LIMIT, `${text.length} <= 70: ${text}`);
    t.ok(text.includes(code));
    t.match(text, /^Код для входа в учебный профиль: \d+\. Никому его не сообщайте\.$/);
  }
  t.equal(smsText('123456', 'ru'), 'Код для входа в учебный профиль: 123456. Никому его не сообщайте.');
});

t.test('a code too long for the full Russian text falls back to the short text', async (t) => {
  const code = '1234567890ABCDEF';
  const text = smsText(code, 'ru');
  t.equal(text, `Код для входа в учебный профиль: ${code}`);
  t.ok(text.length <= SMS_UCS2_LIMIT);
});

t.test('the English SMS is GSM-7 and fits one segment', async (t) => {
  for (const code of ['123456', '12345678']) {
    const text = smsText(code, 'en');
    const length = smsLength(text);
    t.equal(length.encoding, 'gsm7');
    t.ok(length.units <= SMS_GSM7_LIMIT);
    t.ok(text.includes(code));
  }
  const long = 'X'.repeat(150);
  t.equal(smsText(long, 'en'), `Your sign-in code: ${long}`);
});

t.test('smsLength counts GSM extension characters twice and detects UCS-2', async (t) => {
  t.same(smsLength('abc'), { encoding: 'gsm7', units: 3, limit: 160 });
  t.same(smsLength('a{b}€'), { encoding: 'gsm7', units: 8, limit: 160 });
  t.same(smsLength('код'), { encoding: 'ucs2', units: 3, limit: 70 });
  t.equal(fitsOneSms('я'.repeat(70)), true);
  t.equal(fitsOneSms('я'.repeat(71)), false);
  t.equal(fitsOneSms('a'.repeat(160)), true);
  t.equal(fitsOneSms('a'.repeat(161)), false);
});

t.test('Russian plural forms', async (t) => {
  const forms = ['минута', 'минуты', 'минут'] as const;
  const cases: Array<[number, string]> = [
    [0, 'минут'],
    [1, 'минута'],
    [2, 'минуты'],
    [3, 'минуты'],
    [4, 'минуты'],
    [5, 'минут'],
    [10, 'минут'],
    [11, 'минут'],
    [12, 'минут'],
    [14, 'минут'],
    [15, 'минут'],
    [21, 'минута'],
    [22, 'минуты'],
    [25, 'минут'],
    [101, 'минута'],
    [111, 'минут'],
    [112, 'минут'],
    [122, 'минуты'],
  ];
  for (const [n, expected] of cases) t.equal(pluralRu(n, forms), expected, String(n));
  t.equal(formatMinutes(1, 'ru'), '1 минута');
  t.equal(formatMinutes(2, 'ru'), '2 минуты');
  t.equal(formatMinutes(5, 'ru'), '5 минут');
  t.equal(formatMinutes(1, 'en'), '1 minute');
  t.equal(formatMinutes(5, 'en'), '5 minutes');
});

t.test('validity is shown in whole minutes, rounded down, at least one', async (t) => {
  t.equal(validityMinutes(300), 5);
  t.equal(validityMinutes(599), 9);
  t.equal(validityMinutes(90), 1);
  t.equal(validityMinutes(30), 1);
  t.equal(validityMinutes(0), 1);
  t.equal(validityMinutes(Number.NaN), 1);
});

t.test('Russian e-mail: subject, code, validity with plurals, the ignore line', async (t) => {
  const mail = emailContent({ code: '482913', locale: 'ru', validForSeconds: 300 });
  t.equal(mail.subject, 'Код для входа в учебный профиль');
  t.notOk(mail.subject.includes('482913'), 'the code is not in the subject');
  t.match(mail.text, /482913/);
  t.match(mail.text, /Срок действия кода — 5 минут\./);
  t.match(mail.text, /Если вы не запрашивали код, просто проигнорируйте это письмо/);
  t.match(mail.text, /без кода никто не получит доступ/);
  t.match(mail.text, /Никому не сообщайте этот код/);
  t.match(mail.html, /482913/);
  t.match(mail.html, /<html lang="ru">/);
  t.match(mail.html, /Срок действия кода — 5 минут\./);
  t.match(mail.html, /проигнорируйте это письмо/);

  t.match(emailContent({ code: '1', locale: 'ru', validForSeconds: 60 }).text, /— 1 минута\./);
  t.match(emailContent({ code: '1', locale: 'ru', validForSeconds: 120 }).text, /— 2 минуты\./);
  t.match(emailContent({ code: '1', locale: 'ru', validForSeconds: 21 * 60 }).html, /— 21 минута\./);
});

t.test('English e-mail', async (t) => {
  const mail = emailContent({ code: '482913', locale: 'en', validForSeconds: 600 });
  t.equal(mail.subject, 'Your sign-in code for the study profile');
  t.match(mail.text, /482913/);
  t.match(mail.text, /The code is valid for 10 minutes\./);
  t.match(mail.text, /If you did not request this code, simply ignore this email/);
  t.match(mail.text, /Never share this code/);
  t.match(mail.html, /<html lang="en">/);
  t.match(emailContent({ code: '1', locale: 'en', validForSeconds: 60 }).text, /valid for 1 minute\./);
});

t.test('the HTML has no links, images or tracking and escapes everything', async (t) => {
  for (const locale of ['ru', 'en'] as const) {
    const mail = emailContent({ code: '<b>1&2"3\'</b>', locale, validForSeconds: 300 });
    t.notMatch(mail.html, /<img/i);
    t.notMatch(mail.html, /<a\s/i);
    t.notMatch(mail.html, /http/i);
    t.notMatch(mail.html, /src=/i);
    t.notMatch(mail.html, /<b>1/);
    t.match(mail.html, /&lt;b&gt;1&amp;2&quot;3&#39;&lt;\/b&gt;/);
  }
  t.equal(escapeHtml(`<>&"'x`), '&lt;&gt;&amp;&quot;&#39;x');
});
