// Issue 5, privacy of deliveries: after real SMS (HTTP gateway) and e-mail (SMTP)
// deliveries through the whole flow — sent, retried, failed, switched — neither the
// `deliveries` table, nor the audit log, nor the service's log output (captured with
// the service's own pino options at the most verbose level) holds a code, the message
// text, the gateway's credentials or an unmasked phone or e-mail.

import t, { type Test } from 'tap';
import { birthdateFor, findPersona } from '../../src/sandbox/personas.js';
import { flowHarness } from '../helpers/flow.js';
import { startSmsGateway } from '../helpers/sms-gateway.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { captureLogger } from '../helpers/capture-logs.js';

const PHONE = '+79990001101';
const EMAIL = 'a.sokolov@example.ru';
const EMAIL_ONLY = 'm.belova@example.com';
const GATEWAY_TOKEN = 'Bearer fictional-gateway-token-9f3e';
const SMTP_PASSWORD = 'fictional-smtp-password-71ab';


const codeIn = (text: string): string => {
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
  if (!code) throw new Error('no code in the message');
  return code;
};

/** The code as a number of its own (not a piece of a timestamp or a longer id). */
const standalone = (code: string) => new RegExp(`(?<!\\d)${code}(?!\\d)`);

t.test('no code, message text, credential or full contact in deliveries, audit or logs', async (t) => {
  const gw = await startSmsGateway(t);
  const smtp = await startSmtpSink(t, { auth: { user: 'bridge', password: SMTP_PASSWORD }, parse: true });
  const smtpTexts = () => smtp.messages.map((m) => m.mail.text ?? '');
  const logs = captureLogger({ level: 'trace' });
  const h = await flowHarness(
    t,
    {
      LOG_LEVEL: 'trace',
      OTP_SMS_CHANNEL: 'http',
      SMS_GATEWAY_URL: gw.url,
      SMS_GATEWAY_AUTHORIZATION: GATEWAY_TOKEN,
      SMS_GATEWAY_SUCCESS_FIELD: 'status=ok',
      SMS_GATEWAY_MESSAGE_ID_FIELD: 'id',
      OTP_EMAIL_CHANNEL: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_REQUIRE_TLS: 'false',
      SMTP_USER: 'bridge',
      SMTP_PASSWORD,
      SMTP_FROM: '"Учебный профиль" <no-reply@bridge.example>',
      DELIVERY_BREAKER_THRESHOLD: '1000',
    },
    { logger: logs.logger },
  );
  await h.seedRegisteredProfiles();
  const codes: string[] = [];
  const verify = async (id: string, code: string) => {
    const done = await h.verifyAndConfirm(id, code);
    t.equal(done.body.status, 'completed', `login ${id} completed`);
  };

  // 1. SMS accepted at once.
  gw.script('ok');
  const a = await h.login('adult-phone-email');
  t.equal(a.claimed.body.otp.delivery, 'sent');
  codes.push(codeIn(gw.texts().at(-1)!));
  // A wrong code first: the presented code must not be logged either.
  const wrong = codes[0] === '000000' ? '111111' : '000000';
  codes.push(wrong);
  t.equal((await h.call('POST', `/v1/logins/${a.id}/otp/verify`, { code: wrong })).status, 422);
  await verify(a.id, codes[0]!);

  // 2. SMS retried after a 500.
  gw.script('fail500', 'ok');
  const b = await h.login('adult-phone-email');
  t.equal(b.claimed.body.otp.delivery, 'sent');
  codes.push(codeIn(gw.texts().at(-1)!));
  await verify(b.id, codes.at(-1)!);

  // 3. SMS refused twice, then the code goes to the verified e-mail over SMTP.
  gw.script('fail400', 'fail400');
  const c = await h.login('adult-phone-email');
  t.equal(c.claimed.body.otp.delivery, 'failed');
  codes.push(codeIn(gw.texts().at(-1)!));
  t.equal((await h.call('POST', `/v1/logins/${c.id}/otp`, {})).body.otp.delivery, 'failed');
  codes.push(codeIn(gw.texts().at(-1)!));
  const switched = await h.call('POST', `/v1/logins/${c.id}/otp`, { channel: 'email' });
  t.equal(switched.body.otp.delivery, 'sent');
  codes.push(codeIn(smtpTexts().at(-1)!));
  await verify(c.id, codes.at(-1)!);

  // 4. An e-mail-only person, over SMTP.
  const p = findPersona('adult-email-only')!;
  const registered = await h.call('POST', '/v1/profiles', {
    family_name: p.family_name,
    given_name: p.given_name,
    middle_name: p.middle_name,
    birthdate: birthdateFor(p, new Date()),
    gender: p.gender,
    email: EMAIL_ONLY,
  });
  t.equal(registered.status, 201);
  const d = await h.login(p.id);
  t.equal(d.claimed.body.otp.delivery, 'sent');
  codes.push(codeIn(smtpTexts().at(-1)!));
  await verify(d.id, codes.at(-1)!);

  t.equal(gw.texts().length, 5, 'SMS requests: 1 + 2 (retry) + 2 (refused)');
  t.equal(smtpTexts().length, 2);
  // Every text that went out (the first SMS of case 2 is the same as its retry).
  const sentCodes = [...new Set([...gw.texts(), ...smtpTexts()].map(codeIn))];
  for (const code of sentCodes) if (!codes.includes(code)) codes.push(code);

  const secrets: [string, RegExp][] = [
    ...codes.map((code): [string, RegExp] => [`code ${code}`, standalone(code)]),
    ['the full phone', /9990001101/],
    ['the e-mail', /a\.sokolov@example\.ru/i],
    ['the e-mail-only address', /m\.belova@example\.com/i],
    ['the SMS text', /Никому его не сообщайте|сообщайте/],
    ['the e-mail text', /Срок действия кода|проигнорируйте/],
    ['the gateway credential', /fictional-gateway-token/],
    ['the SMTP password', /fictional-smtp-password/],
  ];

  t.test('the deliveries table', async (t) => {
    const { rows } = await h.service.db.pool.query('SELECT * FROM deliveries ORDER BY id');
    t.same(
      rows.map((r) => [r.channel, r.destination_masked, r.status, r.attempts, r.error]),
      [
        ['sms', '+7 *** ***-**-01', 'sent', 1, null],
        ['sms', '+7 *** ***-**-01', 'sent', 2, null],
        ['sms', '+7 *** ***-**-01', 'failed', 1, 'http_400'],
        ['sms', '+7 *** ***-**-01', 'failed', 1, 'http_400'],
        ['email', 'a***@example.ru', 'sent', 1, null],
        ['email', 'm***@example.com', 'sent', 1, null],
      ],
    );
    const text = JSON.stringify(rows);
    for (const [what, pattern] of secrets) t.notMatch(text, pattern, `no ${what}`);
  });

  t.test('the audit log', async (t) => {
    await h.service.audit.flush();
    const { rows } = await h.service.db.pool.query('SELECT * FROM audit_events ORDER BY id');
    const sent = rows.filter((r) => r.event === 'code.sent');
    t.same(
      sent.map((r) => r.outcome),
      ['sent', 'sent', 'failed', 'failed', 'sent', 'sent'],
    );
    const text = JSON.stringify(rows);
    for (const [what, pattern] of secrets) t.notMatch(text, pattern, `no ${what}`);
  });

  t.test('the service log', async (t) => {
    const text = logs.text();
    // The capture really saw the deliveries and the requests.
    for (const event of ['delivery.attempt', 'delivery.attempt_failed', 'delivery.sent', 'delivery.failed']) {
      t.match(text, `"event":"${event}"`, `the log has ${event}`);
    }
    t.match(text, /otp\/verify/, 'request logs are captured');
    for (const [what, pattern] of secrets) t.notMatch(text, pattern, `no ${what}`);
  });
});
