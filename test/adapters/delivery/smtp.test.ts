import t from 'tap';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { createMetrics } from '../../../src/observability/metrics.js';
import { metricValue } from '../../helpers/metrics.js';
import type { ResilienceOptions } from '../../../src/adapters/delivery/resilience.js';
import { classifySmtpError, createSmtpChannel } from '../../../src/adapters/delivery/smtp.js';
import type { SmtpOptions } from '../../../src/adapters/delivery/smtp.js';
import type { CodeMessage } from '../../../src/ports/delivery.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import { captureLogger } from '../../helpers/capture-logs.js';

const resilience: ResilienceOptions = {
  attemptTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
  maxAttempts: 3,
  backoffInitialMs: 1,
  backoffMaxMs: 5,
  breakerThreshold: 50,
  breakerHalfOpenAfterMs: 60_000,
};

const CODE = '905172';
const EMAIL = 'pupil.ivanova@school.example';
const FROM = '"Учебный профиль" <no-reply@bridge.example>';

const message = (overrides: Partial<CodeMessage> = {}): CodeMessage => ({
  channel: 'email',
  destination: EMAIL,
  code: CODE,
  locale: 'ru',
  validForSeconds: 600,
  loginId: 'login-7',
  ...overrides,
});

const smtpOptions = (port: number, overrides: Partial<SmtpOptions> = {}): SmtpOptions => ({
  host: '127.0.0.1',
  port,
  secure: false,
  requireTls: false,
  from: FROM,
  resilience,
  ...overrides,
});


const parse = (raw: Buffer): Promise<ParsedMail> => simpleParser(raw);

t.test('a Russian code e-mail reaches the SMTP server, multipart text + html', async (t) => {
  const smtp = await startSmtpSink(t);
  const metrics = createMetrics();
  const channel = smtp.track(createSmtpChannel(smtpOptions(smtp.port), { metrics }));
  t.equal(channel.channel, 'email');

  const report = await channel.send(message());
  t.equal(report.status, 'sent');
  t.equal(report.attempts, 1);
  t.type(report.providerMessageId, 'string');
  t.equal(smtp.messages.length, 1);
  const received = smtp.messages[0]!;
  t.equal(received.mailFrom, 'no-reply@bridge.example');
  t.same(received.rcptTo, [EMAIL]);

  const mail = await parse(received.raw);
  t.equal(mail.messageId, report.providerMessageId, 'providerMessageId is the Message-ID');
  t.equal(mail.subject, 'Код для входа в учебный профиль');
  t.equal(mail.from?.value[0]?.address, 'no-reply@bridge.example');
  t.equal(mail.from?.value[0]?.name, 'Учебный профиль');
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  t.equal(to?.value[0]?.address, EMAIL);
  t.equal(mail.headers.get('content-language'), 'ru');
  t.match(String((mail.headers.get('content-type') as { value?: string }).value), /^multipart\/alternative/);
  t.match(mail.text, new RegExp(CODE));
  t.match(mail.text, /Срок действия кода — 10 минут\./);
  t.match(mail.text, /проигнорируйте это письмо/);
  t.type(mail.html, 'string');
  const html = mail.html as string;
  t.match(html, new RegExp(CODE));
  t.match(html, /<html lang="ru">/);
  t.notMatch(html, /<img/i);
  t.notMatch(html, /http/i);
  t.notMatch(html, /<a\s/i);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'email' }), 0, 'retries counted');
});

t.test('an English e-mail; the pooled transporter is reused', async (t) => {
  const smtp = await startSmtpSink(t);
  const channel = smtp.track(createSmtpChannel(smtpOptions(smtp.port), { metrics: createMetrics() }));
  const first = await channel.send(message({ locale: 'en', validForSeconds: 60 }));
  const second = await channel.send(message({ locale: 'en', code: '111222' }));
  t.equal(first.status, 'sent');
  t.equal(second.status, 'sent');
  t.not(first.providerMessageId, second.providerMessageId);
  const mail = await parse(smtp.messages[0]!.raw);
  t.equal(mail.subject, 'Your sign-in code for the study profile');
  t.match(mail.text, new RegExp(CODE));
  t.match(mail.text, /valid for 1 minute\./);
  t.match(mail.text, /ignore this email/);
  t.match(mail.html as string, /<html lang="en">/);
  t.equal(mail.headers.get('content-language'), 'en');
  t.notMatch(mail.html as string, /<img|http/i);
  t.equal(smtp.messages.length, 2);
  t.equal(smtp.stats.connections, 1, 'both messages went over one pooled connection');
});

t.test('SMTP auth: the right password sends, a wrong one fails without a retry', async (t) => {
  const smtp = await startSmtpSink(t, { auth: { user: 'bridge', password: 'right-password' } });
  const ok = smtp.track(
    createSmtpChannel(smtpOptions(smtp.port, { user: 'bridge', password: 'right-password' }), {
      metrics: createMetrics(),
    }),
  );
  t.equal((await ok.send(message())).status, 'sent');
  t.equal(smtp.messages[0]?.user, 'bridge');
  t.equal(smtp.stats.authAttempts, 1);

  smtp.stats.authAttempts = 0;
  const metrics = createMetrics();
  const logs = captureLogger({ raw: true });
  const bad = smtp.track(
    createSmtpChannel(smtpOptions(smtp.port, { user: 'bridge', password: 'wrong-password' }), {
      metrics,
      logger: logs.logger,
    }),
  );
  const report = await bad.send(message());
  t.same(report, { status: 'failed', attempts: 1, error: 'smtp_535' });
  t.equal(smtp.stats.authAttempts, 1, 'the permanent 535 was not retried');
  t.equal(smtp.messages.length, 1);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'email' }), 0, 'retries counted');
  t.notOk(logs.text().includes('wrong-password'), 'the password is not logged');
});

t.test('a transient 4xx reply is retried, a permanent 5xx reply is not', async (t) => {
  let rcpt = 0;
  const smtp = await startSmtpSink(t, {
    server: {
      onRcptTo(address, _session, callback) {
        rcpt += 1;
        if (address.address.startsWith('busy') && rcpt === 1) {
          callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        } else if (address.address.startsWith('gone')) {
          callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        } else callback();
      },
    },
  });
  const metrics = createMetrics();
  const channel = smtp.track(createSmtpChannel(smtpOptions(smtp.port), { metrics }));
  const transient = await channel.send(message({ destination: 'busy@school.example' }));
  t.equal(transient.status, 'sent');
  t.equal(transient.attempts, 2);
  t.equal(rcpt, 2);

  rcpt = 0;
  const permanent = await channel.send(message({ destination: 'gone@school.example' }));
  t.same(permanent, { status: 'failed', attempts: 1, error: 'smtp_550' });
  t.equal(rcpt, 1);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'email' }), 1, 'retries counted');
});

t.test('connection refused is retried and reported without details', async (t) => {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const channel = createSmtpChannel(smtpOptions(port), { metrics: createMetrics() });
  t.teardown(() => channel.close());
  const report = await channel.send(message());
  t.equal(report.status, 'failed');
  t.equal(report.attempts, 3);
  t.match(report.error, /^smtp_(econnection|esocket)$/);
});

t.test('a server that never greets → failed with a timeout within the total deadline', async (t) => {
  const sockets = new Set<Socket>();
  const silent = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const { port } = silent.address() as AddressInfo;
  const totalTimeoutMs = 1_000;
  const channel = createSmtpChannel(
    smtpOptions(port, { resilience: { ...resilience, attemptTimeoutMs: 300, totalTimeoutMs, maxAttempts: 10 } }),
    { metrics: createMetrics() },
  );
  t.teardown(async () => {
    channel.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const started = Date.now();
  const report = await channel.send(message());
  const elapsed = Date.now() - started;
  t.equal(report.status, 'failed');
  t.match(report.error, /timeout/);
  t.ok(report.attempts >= 1);
  t.ok(elapsed < totalTimeoutMs + 2_000, `finished in ${elapsed} ms`);
});

t.test('nothing logged or returned contains the code or the address', async (t) => {
  let rcpt = 0;
  const smtp = await startSmtpSink(t, {
    server: {
      onRcptTo(_address, _session, callback) {
        rcpt += 1;
        if (rcpt === 1) callback(Object.assign(new Error(`Greylisted ${EMAIL}`), { responseCode: 450 }));
        else if (rcpt === 3) callback(Object.assign(new Error(`Unknown ${EMAIL}`), { responseCode: 550 }));
        else callback();
      },
    },
  });
  const logs = captureLogger({ raw: true });
  const channel = smtp.track(
    createSmtpChannel(smtpOptions(smtp.port), { metrics: createMetrics(), logger: logs.logger }),
  );
  const sent = await channel.send(message());
  const failed = await channel.send(message());
  t.equal(sent.status, 'sent');
  t.equal(failed.status, 'failed');
  const output = logs.text() + JSON.stringify([sent, failed]);
  t.match(logs.text(), /delivery\.attempt_failed/);
  t.match(logs.text(), /"status":450/);
  t.match(logs.text(), /delivery\.sent/);
  t.match(logs.text(), /delivery\.failed/);
  t.match(logs.text(), /login-7/);
  t.notOk(output.includes(CODE), 'no code');
  t.notOk(output.includes(EMAIL), 'no address');
  t.notOk(output.includes('pupil.ivanova'), 'no local part');
});

t.test('a message for another channel is refused without a connection', async (t) => {
  const smtp = await startSmtpSink(t);
  const channel = smtp.track(createSmtpChannel(smtpOptions(smtp.port), { metrics: createMetrics() }));
  t.same(await channel.send(message({ channel: 'sms', destination: '+79990000000' })), {
    status: 'failed',
    attempts: 0,
    error: 'wrong_channel',
  });
  t.equal(smtp.messages.length, 0);
});

t.test('SMTP error classification', async (t) => {
  const c = (err: unknown) => {
    const e = classifySmtpError(err);
    return { reason: e.reason, retryable: e.retryable };
  };
  t.same(c({ code: 'EAUTH', responseCode: 535 }), { reason: 'smtp_535', retryable: false });
  t.same(c({ code: 'EENVELOPE', responseCode: 550 }), { reason: 'smtp_550', retryable: false });
  t.same(c({ code: 'EMESSAGE', responseCode: 554 }), { reason: 'smtp_554', retryable: false });
  t.same(c({ code: 'EENVELOPE', responseCode: 451 }), { reason: 'smtp_451', retryable: true });
  t.same(c({ code: 'ECONNECTION', responseCode: 421 }), { reason: 'smtp_421', retryable: true });
  t.same(c({ code: 'ECONNECTION' }), { reason: 'smtp_econnection', retryable: true });
  t.same(c({ code: 'ESOCKET' }), { reason: 'smtp_esocket', retryable: true });
  t.same(c({ code: 'ETIMEDOUT' }), { reason: 'smtp_timeout', retryable: true });
  t.same(c({ code: 'EDNS' }), { reason: 'smtp_edns', retryable: true });
  t.same(c({ code: 'ETLS' }), { reason: 'smtp_etls', retryable: false });
  t.same(c({ code: 'EAUTH' }), { reason: 'smtp_eauth', retryable: false });
  t.same(c({ code: 'EABORT' }), { reason: 'attempt_timeout', retryable: true });
  t.same(c({ code: 'weird code <a@b>' }), { reason: 'smtp_error', retryable: false });
  t.same(c(new Error('x')), { reason: 'smtp_error', retryable: false });
  t.same(c(undefined), { reason: 'smtp_error', retryable: false });
});

t.test('an unverified TLS configuration is logged as a warning', async (t) => {
  const logs = captureLogger({ raw: true });
  const channel = createSmtpChannel(smtpOptions(1, { tls: { rejectUnauthorized: false } }), {
    metrics: createMetrics(),
    logger: logs.logger,
  });
  channel.close();
  t.match(logs.text(), /delivery\.smtp_tls_unverified/);
});
