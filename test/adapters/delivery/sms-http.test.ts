import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMetrics } from '../../../src/observability/metrics.js';
import { metricValue } from '../../helpers/metrics.js';
import type { ResilienceOptions } from '../../../src/adapters/delivery/resilience.js';
import { smsText } from '../../../src/adapters/delivery/code-text.js';
import {
  checkSmsBodyTemplate,
  checkSmsHttpOptions,
  createSmsHttpChannel,
  readJsonPath,
  renderTemplate,
  valueEncoding,
} from '../../../src/adapters/delivery/sms-http.js';
import type { SmsHttpOptions } from '../../../src/adapters/delivery/sms-http.js';
import type { CodeMessage } from '../../../src/ports/delivery.js';
import { json, startSmsGateway } from '../../helpers/sms-gateway.js';
import { captureLogger } from '../../helpers/capture-logs.js';

const resilience: ResilienceOptions = {
  attemptTimeoutMs: 1_000,
  totalTimeoutMs: 3_000,
  maxAttempts: 3,
  backoffInitialMs: 1,
  backoffMaxMs: 5,
  breakerThreshold: 50,
  breakerHalfOpenAfterMs: 60_000,
};

const CODE = '739184';
const PHONE = '+79161234567';

const message = (overrides: Partial<CodeMessage> = {}): CodeMessage => ({
  channel: 'sms',
  destination: PHONE,
  code: CODE,
  locale: 'ru',
  validForSeconds: 300,
  loginId: 'login-42',
  ...overrides,
});

function options(url: string, overrides: Partial<SmsHttpOptions> = {}): SmsHttpOptions {
  return {
    url,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer gw-secret', 'X-Sender': 'EduBridge' },
    bodyTemplate: '{"to":"{phone}","message":"{text}"}',
    resilience,
    ...overrides,
  };
}


t.test('200 → sent in one attempt; the gateway gets the phone, the exact text and the headers', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 200, { status: 'ok', id: 'gw-1' }));
  const metrics = createMetrics();
  const channel = createSmsHttpChannel(
    options(gw.url, { successJsonField: { path: 'status', equals: 'ok' }, messageIdJsonField: 'id' }),
    { metrics },
  );
  t.equal(channel.channel, 'sms');
  const report = await channel.send(message());
  t.same(report, { status: 'sent', attempts: 1, providerMessageId: 'gw-1' });
  t.equal(gw.requests.length, 1);
  const req = gw.requests[0]!;
  t.equal(req.method, 'POST');
  t.equal(req.headers['authorization'], 'Bearer gw-secret');
  t.equal(req.headers['x-sender'], 'EduBridge');
  t.match(req.headers['content-type'], /^application\/json/);
  t.same(JSON.parse(req.body), { to: PHONE, message: smsText(CODE, 'ru') });
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 0, 'retries counted');
});

t.test('English text, form encoding and a default success without JSON checks', async (t) => {
  const gw = await startSmsGateway(t, (res) => {
    res.writeHead(202);
    res.end('queued');
  });
  const channel = createSmsHttpChannel(
    options(gw.url, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      bodyTemplate: 'to={phone}&msg={text}&from=Edu',
    }),
    { metrics: createMetrics() },
  );
  const report = await channel.send(message({ locale: 'en' }));
  t.same(report, { status: 'sent', attempts: 1 });
  const form = new URLSearchParams(gw.requests[0]!.body);
  t.equal(form.get('to'), PHONE);
  t.equal(form.get('msg'), smsText(CODE, 'en'));
  t.equal(form.get('from'), 'Edu');
});

t.test('GET puts the URL-encoded template into the query string', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 200, { result: { messages: [{ id: 77 }] } }));
  const channel = createSmsHttpChannel(
    options(`${gw.url}?login=edu`, {
      method: 'GET',
      headers: { Authorization: 'Basic abc' },
      bodyTemplate: 'phone={phone}&text={text}',
      messageIdJsonField: 'result.messages.0.id',
    }),
    { metrics: createMetrics() },
  );
  const report = await channel.send(message());
  t.same(report, { status: 'sent', attempts: 1, providerMessageId: '77' });
  const req = gw.requests[0]!;
  t.equal(req.method, 'GET');
  t.equal(req.body, '');
  const query = new URL(req.url, 'http://x').searchParams;
  t.equal(query.get('login'), 'edu');
  t.equal(query.get('phone'), PHONE);
  t.equal(query.get('text'), smsText(CODE, 'ru'));
});

t.test('500 then 200 → sent after exactly one retry', async (t) => {
  const gw = await startSmsGateway(t, (res, _req, n) => (n === 1 ? json(res, 500, { error: 'oops' }) : json(res, 200, {})));
  const metrics = createMetrics();
  const channel = createSmsHttpChannel(options(gw.url), { metrics });
  const report = await channel.send(message());
  t.same(report, { status: 'sent', attempts: 2 });
  t.equal(gw.requests.length, 2);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 1, 'retries counted');
});

t.test('5xx every time → failed after maxAttempts', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 503, {}));
  const metrics = createMetrics();
  const channel = createSmsHttpChannel(options(gw.url), { metrics });
  const report = await channel.send(message());
  t.same(report, { status: 'failed', attempts: 3, error: 'http_503' });
  t.equal(gw.requests.length, 3);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 2, 'retries counted');
});

t.test('permanent 400 → failed without a retry', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 400, { error: `bad number ${PHONE}` }));
  const metrics = createMetrics();
  const channel = createSmsHttpChannel(options(gw.url), { metrics });
  const report = await channel.send(message());
  t.same(report, { status: 'failed', attempts: 1, error: 'http_400' });
  t.equal(gw.requests.length, 1);
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 0, 'retries counted');
});

t.test('429 is a 4xx too: no retry; redirects are not followed', async (t) => {
  const gw = await startSmsGateway(t, (res, req) => {
    if (req.url.startsWith('/send')) {
      res.writeHead(req.method === 'PUT' ? 302 : 429, { location: '/elsewhere' });
      res.end();
    } else json(res, 200, {});
  });
  const channel = createSmsHttpChannel(options(gw.url), { metrics: createMetrics() });
  t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'http_429' });
  const put = createSmsHttpChannel(options(gw.url, { method: 'PUT' }), { metrics: createMetrics() });
  t.same(await put.send(message()), { status: 'failed', attempts: 1, error: 'http_302' });
  t.equal(gw.requests.length, 2, 'the redirect target was never requested');
});

t.test('a gateway that hangs → failed with a timeout within the total deadline', async (t) => {
  const gw = await startSmsGateway(t, () => {
    /* never answers */
  });
  const metrics = createMetrics();
  const totalTimeoutMs = 1_000;
  const channel = createSmsHttpChannel(
    options(gw.url, { resilience: { ...resilience, attemptTimeoutMs: 300, totalTimeoutMs, maxAttempts: 10 } }),
    { metrics },
  );
  const started = Date.now();
  const report = await channel.send(message());
  const elapsed = Date.now() - started;
  t.equal(report.status, 'failed');
  t.match(report.error, /timeout/);
  t.ok(report.attempts >= 1);
  t.ok(elapsed < totalTimeoutMs + 2_000, `finished in ${elapsed} ms`);

  // Per-attempt timeouts with a deadline that is not reached.
  const retried = createSmsHttpChannel(
    options(gw.url, { resilience: { ...resilience, attemptTimeoutMs: 150, totalTimeoutMs: 5_000, maxAttempts: 2 } }),
    { metrics },
  );
  const report2 = await retried.send(message());
  t.same(report2, { status: 'failed', attempts: 2, error: 'attempt_timeout' });
});

t.test('successJsonField mismatch → failed (not retried)', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 200, { status: 'error', reason: 'no balance' }));
  const channel = createSmsHttpChannel(options(gw.url, { successJsonField: { path: 'status', equals: 'ok' } }), {
    metrics: createMetrics(),
  });
  t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'provider_rejected' });
  t.equal(gw.requests.length, 1);
});

t.test('successJsonField without equals needs a truthy field; a non-JSON body fails', async (t) => {
  const gw = await startSmsGateway(t, (res, _req, n) => {
    if (n === 1) json(res, 200, { accepted: true });
    else if (n === 2) json(res, 200, { accepted: false });
    else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    }
  });
  const channel = createSmsHttpChannel(options(gw.url, { successJsonField: { path: 'accepted' } }), {
    metrics: createMetrics(),
  });
  t.same(await channel.send(message()), { status: 'sent', attempts: 1 });
  t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'provider_rejected' });
  t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'invalid_json_response' });
});

t.test('the circuit breaker opens after N consecutive failures and then fails fast', async (t) => {
  let healthy = false;
  const gw = await startSmsGateway(t, (res) => (healthy ? json(res, 200, {}) : json(res, 502, {})));
  const metrics = createMetrics();
  const logs = captureLogger({ raw: true });
  const channel = createSmsHttpChannel(
    options(gw.url, { resilience: { ...resilience, maxAttempts: 1, breakerThreshold: 3, breakerHalfOpenAfterMs: 200 } }),
    { metrics, logger: logs.logger },
  );
  for (let i = 0; i < 3; i++) {
    t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'http_502' });
  }
  t.equal(channel.breakerState(), 'open');
  t.equal(gw.requests.length, 3);
  for (let i = 0; i < 2; i++) {
    t.same(await channel.send(message()), { status: 'failed', attempts: 0, error: 'circuit_open' });
  }
  t.equal(gw.requests.length, 3, 'the gateway was not contacted while the circuit was open');
  t.equal(await metricValue(metrics, 'esia_bridge_code_delivery_retries_total', { channel: 'sms' }), 0, 'retries counted');
  t.equal(await metricValue(metrics, 'esia_bridge_delivery_circuit_state', { channel: 'sms', state: 'open' }), 1, 'the open breaker is a metric');
  t.equal(await metricValue(metrics, 'esia_bridge_delivery_circuit_state', { channel: 'sms', state: 'closed' }), 0);
  t.match(logs.text(), /delivery\.breaker_opened/);
  t.match(logs.text(), /delivery\.circuit_open/);

  healthy = true;
  await sleep(300);
  t.same(await channel.send(message()), { status: 'sent', attempts: 1 });
  t.equal(channel.breakerState(), 'closed');
  t.match(logs.text(), /delivery\.breaker_closed/);
});

t.test('the breaker also opens in the middle of the retries of one send', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 500, {}));
  const channel = createSmsHttpChannel(
    options(gw.url, { resilience: { ...resilience, maxAttempts: 5, breakerThreshold: 2 } }),
    { metrics: createMetrics() },
  );
  t.same(await channel.send(message()), { status: 'failed', attempts: 2, error: 'circuit_open' });
  t.equal(gw.requests.length, 2);
});

t.test('an unreachable gateway → network_error after all attempts', async (t) => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const channel = createSmsHttpChannel(options(`http://127.0.0.1:${port}/send`), { metrics: createMetrics() });
  t.same(await channel.send(message()), { status: 'failed', attempts: 3, error: 'network_error' });
});

t.test('nothing logged or returned contains the code, the phone or the text', async (t) => {
  const gw = await startSmsGateway(t, (res, req, n) =>
    // A gateway that echoes the request in its errors, as many do.
    n === 1 ? json(res, 500, { echo: req.body }) : n === 2 ? json(res, 200, { status: 'ok', echo: req.body }) : json(res, 400, { echo: req.body }),
  );
  const logs = captureLogger({ raw: true });
  const channel = createSmsHttpChannel(options(gw.url, { successJsonField: { path: 'status', equals: 'ok' } }), {
    metrics: createMetrics(),
    logger: logs.logger,
  });
  const sent = await channel.send(message());
  const failed = await channel.send(message());
  t.equal(sent.status, 'sent');
  t.equal(failed.status, 'failed');
  const output = logs.text() + JSON.stringify([sent, failed]);
  t.match(logs.text(), /delivery\.attempt_failed/);
  t.match(logs.text(), /delivery\.sent/);
  t.match(logs.text(), /delivery\.failed/);
  t.match(logs.text(), /login-42/);
  t.match(logs.text(), /"status":500/);
  t.notOk(output.includes(CODE), 'no code');
  t.notOk(output.includes(PHONE), 'no phone');
  t.notOk(output.includes(PHONE.slice(2)), 'no phone digits');
  t.notOk(output.includes('Код для входа'), 'no message text');
});

t.test('a message for another channel is refused without a request', async (t) => {
  const gw = await startSmsGateway(t, (res) => json(res, 200, {}));
  const channel = createSmsHttpChannel(options(gw.url), { metrics: createMetrics() });
  t.same(await channel.send(message({ channel: 'email', destination: 'a@b.c' })), {
    status: 'failed',
    attempts: 0,
    error: 'wrong_channel',
  });
  t.equal(gw.requests.length, 0);
});

t.test('checkSmsBodyTemplate reports template problems', async (t) => {
  t.same(checkSmsBodyTemplate('{"to":"{phone}","message":"{text}"}'), []);
  t.same(checkSmsBodyTemplate('to={phone}&text={text}'), []);
  t.same(checkSmsBodyTemplate('{phone} {text}'), []);
  t.match(checkSmsBodyTemplate(''), [/empty/]);
  t.match(checkSmsBodyTemplate('   '), [/empty/]);
  t.match(checkSmsBodyTemplate('{"to":"{phone}"}'), [/no \{text\} placeholder/]);
  t.match(checkSmsBodyTemplate('{"message":"{text}"}'), [/no \{phone\} placeholder/]);
  t.match(checkSmsBodyTemplate('to=&text='), [/no \{phone\}/, /no \{text\}/]);
  t.match(checkSmsBodyTemplate('to={phone}&text={text}&x={msg}'), [/unknown placeholder \{msg\}/]);
  t.match(checkSmsBodyTemplate('{"to":{phone},"message":"{text}"}'), [/not valid JSON/]);
  t.match(checkSmsBodyTemplate('[{"to":"{phone}","message":"{text}"'), [/not valid JSON/]);
});

t.test('checkSmsHttpOptions (the configuration’s check) refuses bad options', async (t) => {
  const good = options('http://127.0.0.1:1/send');
  t.same(checkSmsHttpOptions(good), []);
  const problems = checkSmsHttpOptions({
    ...good,
    url: 'ftp://example.test/',
    headers: {},
    bodyTemplate: 'x={text}',
    successStatuses: [],
    successJsonField: { path: '' },
    messageIdJsonField: 'a..b',
  });
  const all = problems.join('\n');
  t.match(all, /url must be http or https/);
  t.match(all, /no \{phone\}/);
  t.match(all, /Content-Type header/);
  t.match(all, /successStatuses must not be empty/);
  t.match(all, /successJsonField\.path/);
  t.match(all, /messageIdJsonField/);
  t.match(checkSmsHttpOptions({ ...good, url: 'not a url' }), [/not a valid absolute URL/]);
  t.match(checkSmsHttpOptions({ ...good, successStatuses: [200, 404] }), [/2xx/]);
  t.match(checkSmsHttpOptions({ ...good, bodyTemplate: 'to={phone}&text={text}' }), [/not valid JSON/]);
  t.match(checkSmsHttpOptions({ ...good, method: 'DELETE' as 'GET' }), [/method/]);
});

t.test('escaping follows the Content-Type', async (t) => {
  const text = 'a "b" \\ & <c> d=e';
  t.equal(valueEncoding('GET', { 'Content-Type': 'application/json' }), 'query');
  t.equal(valueEncoding('POST', { 'content-type': 'application/problem+json' }), 'json');
  t.equal(valueEncoding('POST', { 'CONTENT-TYPE': 'application/x-www-form-urlencoded' }), 'form');
  t.equal(valueEncoding('PUT', { 'Content-Type': 'text/xml; charset=utf-8' }), 'xml');
  t.equal(valueEncoding('POST', { 'Content-Type': 'text/plain' }), 'raw');
  t.equal(valueEncoding('POST', {}), 'raw');
  t.same(JSON.parse(renderTemplate('{"t":"{text}"}', '+7', text, 'json')), { t: text });
  t.equal(renderTemplate('t={text}', '+7', text, 'form'), `t=${encodeURIComponent(text)}`);
  t.equal(renderTemplate('<t>{text}</t>', '+7', text, 'xml'), '<t>a &quot;b&quot; \\ &amp; &lt;c&gt; d=e</t>');
  t.equal(renderTemplate('{text}|{phone}|{other}', '+7', text, 'raw'), `${text}|+7|{other}`);
  t.equal(renderTemplate('{text}', '{phone}', '{phone}', 'raw'), '{phone}', 'values are not re-substituted');
  t.equal(readJsonPath({ a: [{ b: 1 }] }, 'a.0.b'), 1);
  t.equal(readJsonPath({ a: null }, 'a.b'), undefined);
  t.equal(readJsonPath({ a: {} }, 'a.toString'), undefined);
});

t.test('a typed success field from configuration (ok=true) accepts the JSON true the gateway answers', async (t) => {
  const { loadConfig } = await import('../../../src/config/index.js');
  const gw = await startSmsGateway(t, (res, _req, n) => json(res, 200, { ok: n === 1 ? true : 'true' }));
  const config = loadConfig(
    { OTP_SMS_CHANNEL: 'http', SMS_GATEWAY_URL: gw.url, SMS_GATEWAY_SUCCESS_FIELD: 'ok=true' },
    (name) => `generated-${name}-0123456789abcdef0123456789`,
  );
  if (config.delivery.sms.kind !== 'http') throw new Error('expected the http channel');
  const channel = createSmsHttpChannel({ ...config.delivery.sms.options, resilience }, { metrics: createMetrics() });
  t.same(await channel.send(message()), { status: 'sent', attempts: 1 });
  t.same(await channel.send(message()), { status: 'failed', attempts: 1, error: 'provider_rejected' }, 'the text "true" is not true');
});

t.test('header values with CR or LF make the options unusable', async (t) => {
  const problems = checkSmsHttpOptions(options('https://sms.example.ru/send', { headers: { 'Content-Type': 'application/json', 'X-A': 'a\r\nb: c' } }));
  t.match(problems.join('\n'), /header X-A/);
});
