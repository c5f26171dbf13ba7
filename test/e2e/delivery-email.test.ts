// Issue 5, e-mail: one-time codes leave over SMTP to a real `smtp-server` on loopback,
// driven through the whole flow (sandbox pages → callback → claim → code). The mail
// is parsed with mailparser: headers, language, text and HTML parts, no links or
// images, and the code in it completes the login.

import type { AddressObject, ParsedMail } from 'mailparser';
import t, { type Test } from 'tap';
import { birthdateFor, findPersona } from '../../src/sandbox/personas.js';
import { flowHarness } from '../helpers/flow.js';
import { startSmtpSink, type SinkMessage } from '../helpers/smtp-sink.js';

const FROM_ADDRESS = 'no-reply@bridge.example';
const FROM_NAME = 'Учебный профиль';

type Received = SinkMessage<ParsedMail>;

const firstAddress = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field[0] : field)?.value[0];

function codeIn(text: string): string {
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
  if (!code) throw new Error('no code in the e-mail');
  return code;
}

t.test('code e-mails over SMTP', async (t) => {
  const smtp = await startSmtpSink(t, { parse: true });
  const h = await flowHarness(t, {
    OTP_EMAIL_CHANNEL: 'smtp',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_REQUIRE_TLS: 'false',
    SMTP_FROM: `"${FROM_NAME}" <${FROM_ADDRESS}>`,
    OTP_TTL_SECONDS: '300',
    OTP_RESEND_COOLDOWN_SECONDS: '0',
  });
  const p = findPersona('adult-email-only');
  if (!p?.email) throw new Error('persona adult-email-only');
  const email = p.email;
  const registered = await h.call('POST', '/v1/profiles', {
    family_name: p.family_name,
    given_name: p.given_name,
    middle_name: p.middle_name,
    birthdate: birthdateFor(p, new Date()),
    gender: p.gender,
    email,
  });
  t.equal(registered.status, 201);

  /** A login through the flow; returns it with the one e-mail it produced. */
  async function loginByEmail(t: Test, locale?: 'ru' | 'en') {
    const before = smtp.messages.length;
    const { id, claimed } = await h.login(p!.id, 'allow', h.client, locale ? { locale } : {});
    t.equal(smtp.messages.length, before + 1, 'exactly one e-mail per claim');
    const message = smtp.messages[smtp.messages.length - 1]!;
    return { id, claimed, message };
  }

  function checkCommon(t: Test, message: Received, code: string) {
    const { mail } = message;
    t.equal(message.mailFrom, FROM_ADDRESS, 'envelope sender');
    t.same(message.rcptTo, [email], 'envelope recipient is the verified e-mail only');
    t.equal(firstAddress(mail.from)?.address, FROM_ADDRESS);
    t.equal(firstAddress(mail.from)?.name, FROM_NAME);
    t.equal(firstAddress(mail.to)?.address, email);
    t.notOk(mail.cc, 'no Cc');
    t.notOk(mail.bcc, 'no Bcc');
    t.match(String((mail.headers.get('content-type') as { value?: string }).value), /^multipart\/alternative/);
    t.type(mail.text, 'string', 'a plain-text part');
    t.type(mail.html, 'string', 'an HTML part');
    t.same(mail.attachments, [], 'no attachments, no inline images');
    t.notMatch(mail.subject ?? '', /\d{6}/, 'the code is not in the subject');
    t.match(mail.text ?? '', new RegExp(`(^|\\s)${code}(\\s|$)`, 'm'));
    const html = mail.html as string;
    t.match(html, new RegExp(`>${code}<`));
    t.notMatch(html, /<img|<a[\s>]|href=|src=|url\(|<script|<link|<iframe/i, 'no links, images or scripts');
    t.notMatch(mail.text ?? '', /https?:|www\./i, 'no links in the text');
    t.notMatch(html, /https?:|www\./i, 'no URLs in the HTML');
  }

  const deliveryRow = async (id: string) =>
    (
      await h.service.db.pool.query(
        'SELECT channel, destination_masked, status, attempts, provider_message_id, error FROM deliveries WHERE login_id = $1',
        [id],
      )
    ).rows;

  t.test('Russian by default; the code from the e-mail completes the login', async (t) => {
    const { id, claimed, message } = await loginByEmail(t);
    t.equal(claimed.status, 200);
    t.equal(claimed.body.status, 'otp_required');
    t.equal(claimed.body.otp.channel, 'email');
    t.equal(claimed.body.otp.destination, 'm***@example.com');
    t.equal(claimed.body.otp.delivery, 'sent');
    const { mail } = message;
    const code = codeIn(mail.text ?? '');
    checkCommon(t, message, code);
    t.equal(mail.subject, 'Код для входа в учебный профиль');
    t.equal(mail.headers.get('content-language'), 'ru');
    t.match(mail.html as string, /<html lang="ru">/);
    t.match(mail.text, /Здравствуйте!/);
    t.match(mail.text, /Срок действия кода — 5 минут\./);
    t.same(await deliveryRow(id), [
      {
        channel: 'email',
        destination_masked: 'm***@example.com',
        status: 'sent',
        attempts: 1,
        provider_message_id: mail.messageId,
        error: null,
      },
    ]);

    const done = await h.verifyAndConfirm(id, code);
    t.equal(done.status, 200);
    t.equal(done.body.status, 'completed');
    t.equal(done.body.result.profile_id, registered.body.id);
  });

  t.test("English when the login was started with locale 'en'", async (t) => {
    const { id, message } = await loginByEmail(t, 'en');
    const { mail } = message;
    const code = codeIn(mail.text ?? '');
    checkCommon(t, message, code);
    t.equal(mail.subject, 'Your sign-in code for the study profile');
    t.equal(mail.headers.get('content-language'), 'en');
    t.match(mail.html as string, /<html lang="en">/);
    t.match(mail.text, /Hello!/);
    t.match(mail.text, /The code is valid for 5 minutes\./);
    t.notMatch(`${mail.subject}\n${mail.text}`, /[А-Яа-яЁё]/, 'no Russian in the English subject and text');

    const done = await h.verifyAndConfirm(id, code);
    t.equal(done.body.status, 'completed');
  });

  t.test('a re-send is a new e-mail with a new code; only the newest code works', async (t) => {
    const { id, message: first } = await loginByEmail(t);
    const resent = await h.call('POST', `/v1/logins/${id}/otp`, {});
    t.equal(resent.status, 200, JSON.stringify(resent.body));
    t.equal(resent.body.otp.delivery, 'sent');
    const second = smtp.messages[smtp.messages.length - 1]!;
    t.not(second.mail.messageId, first.mail.messageId, 'a second message');
    const oldCode = codeIn(first.mail.text ?? '');
    const newCode = codeIn(second.mail.text ?? '');
    if (oldCode !== newCode) {
      const stale = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code: oldCode });
      t.equal(stale.status, 422, 'the first code no longer works');
    }
    const done = await h.verifyAndConfirm(id, newCode);
    t.equal(done.body.status, 'completed');
    const { rows } = await h.service.db.pool.query('SELECT status FROM deliveries WHERE login_id = $1', [id]);
    t.equal(rows.length, 2);
  });
});
