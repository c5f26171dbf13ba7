// Issue 5, privacy of deliveries: after real SMS (HTTP gateway) and e-mail (SMTP)
// deliveries through the whole flow — sent, retried, failed, switched — neither the
// `deliveries` table, nor the audit log, nor the service's log output (captured with
// the service's own pino options at the most verbose level) holds a code, the message
// text, the gateway's credentials or an unmasked phone or e-mail.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import t, { type Test } from 'tap';
import { loggerOptions } from '../../src/logger.js';
import { birthdateFor, findPersona } from '../../src/sandbox/personas.js';
import { flowHarness } from '../helpers/flow.js';

const PHONE = '+79990001101';
const EMAIL = 'a.sokolov@example.ru';
const EMAIL_ONLY = 'm.belova@example.com';
const GATEWAY_TOKEN = 'Bearer fictional-gateway-token-9f3e';
const SMTP_PASSWORD = 'fictional-smtp-password-71ab';

type Behaviour = 'ok' | 'fail500' | 'fail400';

async function startGateway(t: Test) {
  const texts: string[] = [];
  let script: Behaviour[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      texts.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string }).text);
      const behaviour = script.shift() ?? 'ok';
      if (behaviour === 'fail500') return json(res, 500, { error: 'busy' });
      if (behaviour === 'fail400') return json(res, 400, { error: 'rejected' });
      json(res, 200, { status: 'ok', id: `gw-${texts.length}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/send`, texts, next: (...b: Behaviour[]) => void (script = b) };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function startSmtp(t: Test) {
  const texts: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (auth.username === 'bridge' && auth.password === SMTP_PASSWORD) return callback(null, { user: 'bridge' });
      callback(new Error('bad credentials'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          texts.push(mail.text ?? '');
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, texts };
}

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: pino(loggerOptions('trace', false), stream), text: () => lines.join('') };
}

const codeIn = (text: string): string => {
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
  if (!code) throw new Error('no code in the message');
  return code;
};

/** The code as a number of its own (not a piece of a timestamp or a longer id). */
const standalone = (code: string) => new RegExp(`(?<!\\d)${code}(?!\\d)`);

t.test('no code, message text, credential or full contact in deliveries, audit or logs', async (t) => {
  const gw = await startGateway(t);
  const smtp = await startSmtp(t);
  const logs = captureLogs();
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
    const done = await h.call('POST', `/v1/logins/${id}/otp/verify`, { code });
    t.equal(done.body.status, 'completed', `login ${id} completed`);
  };

  // 1. SMS accepted at once.
  gw.next('ok');
  const a = await h.login('adult-phone-email');
  t.equal(a.claimed.body.otp.delivery, 'sent');
  codes.push(codeIn(gw.texts.at(-1)!));
  // A wrong code first: the presented code must not be logged either.
  const wrong = codes[0] === '000000' ? '111111' : '000000';
  codes.push(wrong);
  t.equal((await h.call('POST', `/v1/logins/${a.id}/otp/verify`, { code: wrong })).status, 422);
  await verify(a.id, codes[0]!);

  // 2. SMS retried after a 500.
  gw.next('fail500', 'ok');
  const b = await h.login('adult-phone-email');
  t.equal(b.claimed.body.otp.delivery, 'sent');
  codes.push(codeIn(gw.texts.at(-1)!));
  await verify(b.id, codes.at(-1)!);

  // 3. SMS refused twice, then the code goes to the verified e-mail over SMTP.
  gw.next('fail400', 'fail400');
  const c = await h.login('adult-phone-email');
  t.equal(c.claimed.body.otp.delivery, 'failed');
  codes.push(codeIn(gw.texts.at(-1)!));
  t.equal((await h.call('POST', `/v1/logins/${c.id}/otp`, {})).body.otp.delivery, 'failed');
  codes.push(codeIn(gw.texts.at(-1)!));
  const switched = await h.call('POST', `/v1/logins/${c.id}/otp`, { channel: 'email' });
  t.equal(switched.body.otp.delivery, 'sent');
  codes.push(codeIn(smtp.texts.at(-1)!));
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
  codes.push(codeIn(smtp.texts.at(-1)!));
  await verify(d.id, codes.at(-1)!);

  t.equal(gw.texts.length, 5, 'SMS requests: 1 + 2 (retry) + 2 (refused)');
  t.equal(smtp.texts.length, 2);
  // Every text that went out (the first SMS of case 2 is the same as its retry).
  const sentCodes = [...new Set([...gw.texts, ...smtp.texts].map(codeIn))];
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
