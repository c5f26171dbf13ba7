import t from 'tap';
import { exportJWK, generateKeyPair } from 'jose';
import { devSecrets, load, problemsOf } from '../helpers/config-problems.js';

const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const KEYS = JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: 'k1' }] });


t.test('an empty environment starts a development service on embedded stores', async (t) => {
  const c = load({});
  t.equal(c.nodeEnv, 'development');
  t.equal(c.port, 3000);
  t.equal(c.host, '127.0.0.1');
  t.equal(c.publicUrl, 'http://localhost:3000');
  t.equal(c.database.url, null);
  t.equal(c.redis.connection, null);
  t.equal(c.clientSecretPepper, devSecrets('CLIENT_SECRET_PEPPER'));
  t.equal(c.demoClient?.secretGenerated, true);
  t.ok(c.demoClient?.returnUrls.length);
});

t.test('the demo client returns to the reference client on DEMO_PORT', async (t) => {
  t.match(load({}).demoClient, { port: 3002, returnUrls: ['http://localhost:3002/callback', 'http://127.0.0.1:3002/callback'] });
  t.match(load({ DEMO_PORT: '4002' }).demoClient, { port: 4002, returnUrls: ['http://localhost:4002/callback', 'http://127.0.0.1:4002/callback'] });
  t.same(load({ DEMO_PORT: '4002', DEMO_CLIENT_RETURN_URLS: 'https://vk.example/cb' }).demoClient?.returnUrls, ['https://vk.example/cb']);
  t.match(problemsOf({ DEMO_PORT: '0' }), [/^DEMO_PORT must be between 1 and 65535/]);
});

t.test('a Postgres query waits at most DATABASE_QUERY_TIMEOUT_MS', async (t) => {
  t.equal(load({}).database.queryTimeoutMs, 5000);
  t.equal(load({ DATABASE_QUERY_TIMEOUT_MS: '750' }).database.queryTimeoutMs, 750);
  t.match(problemsOf({ DATABASE_QUERY_TIMEOUT_MS: '10' }), [/^DATABASE_QUERY_TIMEOUT_MS must be between 50 and 600000/]);
  t.match(problemsOf({ DATABASE_QUERY_TIMEOUT_MS: 'soon' }), [/^DATABASE_QUERY_TIMEOUT_MS must be/]);
});

t.test('each bad value is named with what is wrong and an example', async (t) => {
  const problems = problemsOf({ PORT: '70000', DATABASE_URL: 'nonsense', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
  t.equal(problems.length, 4);
  t.match(problems[0], /^PORT must be between 1 and 65535 \(for example PORT=3000\)$/);
  t.match(problems[1], /^DATABASE_URL must be a URL/);
  t.match(problems[2], /^REDIS_URL must start with redis:\/\/ or rediss:\/\//);
  t.match(problems[3], /^LOG_LEVEL must be one of/);
});

t.test('production refuses every unsafe development default', async (t) => {
  const problems = problemsOf({ NODE_ENV: 'production', DEMO_CLIENT_SECRET: 'x'.repeat(40), DEMO_PORT: '3002' });
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'CLIENT_SECRET_PEPPER', 'OTP_SECRET', 'LOGIN_STATE_KEY', 'ASSERTION_SIGNING_KEYS', 'PROVIDER_ISSUER', 'DEMO_CLIENT_SECRET', 'DEMO_PORT']) {
    t.ok(problems.some((p) => p.startsWith(name)), `${name} is refused`);
  }
});

t.test('production with every variable set starts, without a demo client', async (t) => {
  const c = load({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u:p@db:5432/x',
    REDIS_URL: 'redis://redis:6379',
    PUBLIC_URL: 'https://bridge.example.ru/',
    CLIENT_SECRET_PEPPER: 'p'.repeat(64),
    OTP_SECRET: 'o'.repeat(64),
    LOGIN_STATE_KEY: 'k'.repeat(64),
    ASSERTION_SIGNING_KEYS: KEYS,
    PROVIDER_ISSUER: 'https://esia.example.ru/',
    PROVIDER_CLIENT_SECRET: 'provider-secret',
    SMS_GATEWAY_URL: 'https://sms.example.ru/send',
    SMTP_HOST: 'smtp.example.ru',
    SMTP_FROM: 'no-reply@example.ru',
  });
  t.equal(c.sandbox, null);
  t.equal(c.delivery.sms.kind, 'http');
  t.equal(c.delivery.email.kind, 'smtp');
  t.equal(c.provider.issuer, 'https://esia.example.ru');
  t.equal(c.provider.allowHttp, false);
  t.equal(c.provider.redirectUri, 'https://bridge.example.ru/v1/callback');
  t.equal(c.host, '0.0.0.0');
  t.equal(c.publicUrl, 'https://bridge.example.ru');
  t.equal(c.demoClient, null);
  t.equal(c.metricsPort, 9464, 'metrics on their own port by default in production');
  t.equal(c.otlpEndpoint, null, 'tracing off unless a collector is named');
});

t.test('METRICS_PORT: off by default outside production, a port of its own, never the app’s', async (t) => {
  t.equal(load({}).metricsPort, null);
  t.equal(load({ METRICS_PORT: '9100' }).metricsPort, 9100);
  t.equal(load({ METRICS_PORT: 'off' }).metricsPort, null);
  t.match(problemsOf({ METRICS_PORT: '3000' }), [/^METRICS_PORT must differ from PORT/]);
  t.match(problemsOf({ METRICS_PORT: 'yes' }), [/^METRICS_PORT must be a whole number \(for example METRICS_PORT=9464\)/]);
});

t.test('OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on and must be an http(s) URL', async (t) => {
  t.equal(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlpEndpoint, 'http://collector:4318/');
  t.match(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }), [/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/]);
});

t.test('trust proxy accepts booleans, hop counts and address lists', async (t) => {
  t.equal(load({ TRUST_PROXY: 'true' }).trustProxy, true);
  t.equal(load({ TRUST_PROXY: '2' }).trustProxy, 2);
  t.same(load({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

t.test('short secrets are refused', async (t) => {
  t.match(problemsOf({ CLIENT_SECRET_PEPPER: 'short' })[0], /at least 32 characters/);
});

t.test('development uses the sandbox as provider unless PROVIDER_ISSUER is set', async (t) => {
  const dev = load({ SANDBOX_PORT: '4001' });
  t.same(dev.sandbox, { port: 4001 });
  t.equal(dev.provider.issuer, 'http://localhost:4001');
  t.equal(dev.provider.clientSecret, devSecrets('PROVIDER_CLIENT_SECRET'));
  t.equal(dev.provider.redirectUri, 'http://localhost:3000/v1/callback');
  t.same(dev.provider.idTokenAlgs, ['RS256', 'ES256']);
  const external = load({ PROVIDER_ISSUER: 'https://esia.example.ru', PROVIDER_CLIENT_SECRET: 's' });
  t.equal(external.sandbox, null);
});

t.test('provider settings are checked', async (t) => {
  t.match(problemsOf({ PROVIDER_ID_TOKEN_ALGS: 'RS256,none' })[0], /^PROVIDER_ID_TOKEN_ALGS must not contain none/);
  t.match(problemsOf({ PROVIDER_ID_TOKEN_ALGS: 'HS256' })[0], /asymmetric/);
  t.match(problemsOf({ PROVIDER_SCOPES: 'profile email' })[0], /must include openid/);
  const ext = { PROVIDER_CLIENT_SECRET: 's' };
  t.match(problemsOf({ ...ext, PROVIDER_ID_TOKEN_ALGS: 'RS1' })[0], /supported asymmetric algorithms: .*Ed25519/);
  t.same(load({ ...ext, PROVIDER_ISSUER: 'https://esia.example.ru', PROVIDER_ID_TOKEN_ALGS: 'Ed25519,EdDSA' }).provider.idTokenAlgs, ['Ed25519', 'EdDSA'], 'one list of algorithms');
  t.match(problemsOf({ ...ext, PROVIDER_ISSUER: 'https://esia.example.ru/?x=1' })[0], /^PROVIDER_ISSUER must not have a query/);
  t.match(problemsOf({ ...ext, PROVIDER_ISSUER: 'https://esia.example.ru/#x' })[0], /^PROVIDER_ISSUER must not have a fragment/);
  t.match(problemsOf({ ...ext, PROVIDER_ISSUER: 'ftp://esia.example.ru' })[0], /^PROVIDER_ISSUER must be an http\(s\) URL/);
  t.match(problemsOf({ ...ext, PROVIDER_REDIRECT_URI: 'https://u:p@bridge.example/cb' })[0], /^PROVIDER_REDIRECT_URI must not carry credentials/);
  t.match(problemsOf({ ...ext, PROVIDER_TIMEOUT_MS: '0' })[0], /^PROVIDER_TIMEOUT_MS/);
  t.match(problemsOf({ PROVIDER_ISSUER: 'https://esia.example.ru', PROVIDER_CLIENT_AUTH: 'private_key_jwt' })[0], /^PROVIDER_CLIENT_KEY is required/);
  t.match(problemsOf({ PROVIDER_CLIENT_AUTH: 'private_key_jwt', PROVIDER_CLIENT_KEY: 'x' }).join('\n'), /PROVIDER_CLIENT_AUTH must be client_secret_basic or client_secret_post with the development sandbox/);
  t.match(problemsOf({ PROVIDER_CLAIM_MAPPING: '[1]' })[0], /JSON object/);
  t.match(problemsOf({ PROVIDER_CLAIM_MAPPING: '{"shoeSize":"x"}' })[0], /not a known field/);
  t.match(problemsOf({ ASSERTION_SIGNING_KEYS: '{"keys":[]}' })[0], /^ASSERTION_SIGNING_KEYS is not usable/);
  t.match(problemsOf({ PROVIDER_ISSUER: 'https://esia.example.ru', PROVIDER_CLIENT_AUTH: 'private_key_jwt', PROVIDER_CLIENT_KEY: 'nonsense' })[0], /^PROVIDER_CLIENT_KEY is not usable/);
  t.match(problemsOf({ OTP_TTL_SECONDS: '900' })[0], /^OTP_TTL_SECONDS must be between 30 and 600/);
  t.match(
    problemsOf({ NODE_ENV: 'test', PROVIDER_ISSUER: 'http://esia.example.ru', PROVIDER_ALLOW_HTTP: 'false', PROVIDER_CLIENT_SECRET: 's' })[0],
    /^PROVIDER_ISSUER must be an https URL/,
  );
});

t.test('delivery settings are checked at start', async (t) => {
  t.match(problemsOf({ OTP_EMAIL_CHANNEL: 'smtp' })[0], /^SMTP_HOST is required with OTP_EMAIL_CHANNEL=smtp/);
  const template = problemsOf({
    OTP_SMS_CHANNEL: 'http',
    SMS_GATEWAY_URL: 'https://sms.example.ru/send',
    SMS_GATEWAY_BODY_TEMPLATE: '{"to":"{phone}"}',
  });
  t.match(template[0], /^SMS_GATEWAY_BODY_TEMPLATE is not usable: .*\{text\}/);
  t.match(problemsOf({ NODE_ENV: 'production', OTP_SMS_CHANNEL: 'dev' }).join('\n'), /OTP_SMS_CHANNEL must not be dev in production/);
  const dev = load({});
  t.same([dev.delivery.sms.kind, dev.delivery.email.kind], ['dev', 'dev']);
  // The configuration is the one place these are checked; the channels trust what it built.
  const smtp = { OTP_EMAIL_CHANNEL: 'smtp', SMTP_HOST: 'smtp.example.ru', SMTP_FROM: 'no-reply@example.ru' };
  t.match(problemsOf({ ...smtp, SMTP_PORT: '70000' })[0], /^SMTP_PORT/);
  t.match(problemsOf({ ...smtp, SMTP_PASSWORD: 'x' })[0], /^SMTP_USER is required when SMTP_PASSWORD is set/);
  t.match(problemsOf({ ...smtp, OTP_EMAIL_CHANNEL: 'smtp', SMTP_FROM: '' })[0], /^SMTP_FROM is required/);
  t.match(problemsOf({ DELIVERY_ATTEMPT_TIMEOUT_MS: '5000', DELIVERY_TOTAL_TIMEOUT_MS: '1000' })[0], /^DELIVERY_ATTEMPT_TIMEOUT_MS must not exceed DELIVERY_TOTAL_TIMEOUT_MS/);
  t.match(problemsOf({ DELIVERY_MAX_ATTEMPTS: '0' })[0], /^DELIVERY_MAX_ATTEMPTS/);
  t.match(problemsOf({ DELIVERY_BREAKER_THRESHOLD: '1.5' })[0], /^DELIVERY_BREAKER_THRESHOLD/);
});

t.test('SMS_GATEWAY_SUCCESS_FIELD compares typed JSON values; plain text stays text', async (t) => {
  const sms = (field: string) => {
    const c = load({ OTP_SMS_CHANNEL: 'http', SMS_GATEWAY_URL: 'https://sms.example.ru/send', SMS_GATEWAY_SUCCESS_FIELD: field });
    return c.delivery.sms.kind === 'http' ? c.delivery.sms.options.successJsonField : undefined;
  };
  t.same(sms('ok=true'), { path: 'ok', equals: true });
  t.same(sms('result.code=0'), { path: 'result.code', equals: 0 });
  t.same(sms('status="0"'), { path: 'status', equals: '0' });
  t.same(sms('status=ok'), { path: 'status', equals: 'ok' });
  t.same(sms('error=null'), { path: 'error', equals: null });
  t.match(
    problemsOf({ OTP_SMS_CHANNEL: 'http', SMS_GATEWAY_URL: 'https://sms.example.ru/send', SMS_GATEWAY_SUCCESS_FIELD: 'a={"b":1}' })[0],
    /^SMS_GATEWAY_SUCCESS_FIELD must compare with a string, number, true, false or null/,
  );
});

t.test('SMS gateway headers with CR, LF or an invalid name are refused at start', async (t) => {
  const env = { OTP_SMS_CHANNEL: 'http', SMS_GATEWAY_URL: 'https://sms.example.ru/send' };
  t.match(problemsOf({ ...env, SMS_GATEWAY_HEADERS: '{"X-Sender":"school\\r\\nX-Injected: 1"}' })[0], /^SMS_GATEWAY_HEADERS .*X-Sender.*CR, LF or NUL/);
  t.match(problemsOf({ ...env, SMS_GATEWAY_HEADERS: '{"X-Sender":"school\\n"}' })[0], /^SMS_GATEWAY_HEADERS /);
  t.match(problemsOf({ ...env, SMS_GATEWAY_HEADERS: '{"X Sender":"school"}' })[0], /^SMS_GATEWAY_HEADERS .*not a valid header name/);
  t.match(problemsOf({ ...env, SMS_GATEWAY_AUTHORIZATION: 'Bearer x\r\nX-Injected: 1' })[0], /^SMS_GATEWAY_AUTHORIZATION .*CR, LF or NUL/);
  t.match(problemsOf({ ...env, SMS_GATEWAY_CONTENT_TYPE: 'application/json\r\nX: 1' })[0], /^SMS_GATEWAY_CONTENT_TYPE .*CR, LF or NUL/);
  t.same(problemsOf({ ...env, SMS_GATEWAY_HEADERS: '{"X-Sender":"Школа №1"}' }), []);
});
